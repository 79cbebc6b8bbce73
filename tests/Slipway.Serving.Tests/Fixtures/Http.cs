using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Serving.Tests.Fixtures;

/// <summary>Small helpers for JSON requests and answers.</summary>
public static class Http
{
    public static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostJsonAsync(this HttpClient client, string path, string json, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await ParseAsync(response), response);
    }

    public static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostBytesAsync(this HttpClient client, string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await client.PostAsync(path, content);
        return ((int)response.StatusCode, await ParseAsync(response), response);
    }

    public static async Task<(int Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await ParseAsync(response));
    }

    public static string Texts(params string[] texts) =>
        new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "text",
                ["shape"] = new JsonArray(texts.Length),
                ["datatype"] = "BYTES",
                ["data"] = new JsonArray([.. texts.Select(t => (JsonNode)JsonValue.Create(t))]),
            }),
        }.ToJsonString();

    public static float[][] Embeddings(JsonNode body)
    {
        var output = body["outputs"]![0]!;
        var shape = output["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
        var data = output["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        return [.. Enumerable.Range(0, shape[0]).Select(i => data.AsSpan(i * shape[1], shape[1]).ToArray())];
    }

    public static float Cosine(float[] a, float[] b) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    private static async Task<JsonNode?> ParseAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
