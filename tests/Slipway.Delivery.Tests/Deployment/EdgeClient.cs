using System.Text.Json.Nodes;
using Slipway.Delivery.Deployment.Edge;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>Infer requests through the edge: which colour answered, and for the stand-in which version.</summary>
public static class EdgeClient
{
    public const string FakeInferBody = """{"inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"data":[0.5,0.5]}]}""";

    /// <summary>One sentence for the served all-MiniLM-L6-v2 text-embedding model.</summary>
    public const string MiniLmInferBody = """{"inputs":[{"name":"text","datatype":"BYTES","shape":[1],"data":["zero downtime deploys"]}]}""";

    public static async Task<int> VersionAsync(HttpClient http, Uri baseAddress, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(FakeInferBody, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(baseAddress, "v2/models/m/infer"), content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return body["outputs"]![0]!["data"]![0]!.GetValue<int>();
    }

    /// <summary>Sends the stand-in's inference; returns the colour that answered and the version the stand-in reports.</summary>
    public static async Task<(string Colour, int Version)> InferAsync(HttpClient http, Uri baseAddress, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(FakeInferBody, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(baseAddress, "v2/models/m/infer"), content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {text}");
        }

        var version = JsonNode.Parse(text)!["outputs"]![0]!["data"]![0]!.GetValue<int>();
        return (response.Headers.GetValues(NginxConfig.ColourHeader).Single(), version);
    }

    /// <summary>Sends a real MiniLM inference; returns the colour that answered and the output's shape.</summary>
    public static async Task<(string Colour, long[] Shape)> InferMiniLmAsync(HttpClient http, Uri baseAddress, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(MiniLmInferBody, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(baseAddress, "v2/models/minilm/infer"), content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {text}");
        }

        var body = JsonNode.Parse(text)!;
        var shape = body["outputs"]![0]!["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
        return (response.Headers.GetValues(NginxConfig.ColourHeader).Single(), shape);
    }
}
