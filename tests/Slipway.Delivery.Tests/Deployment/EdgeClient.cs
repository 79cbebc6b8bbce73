using System.Text.Json.Nodes;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>Sends the stand-in model's infer request and reads which version answered.</summary>
public static class EdgeClient
{
    public const string InferBody = """{"inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"data":[0.5,0.5]}]}""";

    public static async Task<int> VersionAsync(HttpClient http, Uri baseAddress, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(InferBody, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(baseAddress, "v2/models/m/infer"), content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return body["outputs"]![0]!["data"]![0]!.GetValue<int>();
    }
}
