using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Slipway.Delivery.Tests.Smoke;

namespace Slipway.Delivery.Tests.Probes;

/// <summary>
/// A stand-in text-embedding service on 127.0.0.1: metadata of one BYTES input <c>text</c> and one FP32 output
/// <c>embedding</c> [n, 4]; each text's embedding is a fixed function of its characters, passed through
/// <paramref name="change"/> (text, vector) so a test can alter what the "candidate" answers.
/// </summary>
internal static class EmbeddingStandIn
{
    public const int Dimension = 4;

    public static LocalHttpServer Start(string model = "minilm", Func<string, double[], double[]>? change = null, Func<RecordedRequest, (int, string)?>? intercept = null) =>
        LocalHttpServer.Start(request =>
        {
            if (intercept?.Invoke(request) is { } answer)
                return answer;
            // /v2/models/{m}[/versions/{v}][/infer]
            var match = Regex.Match(request.Path, $"^/v2/models/{Regex.Escape(model)}(/versions/[^/]+)?(?<infer>/infer)?$");
            if (!match.Success)
                return (404, $"{{\"error\":\"unknown path {request.Path}\"}}");
            if (request.Method == "GET" && !match.Groups["infer"].Success)
                return (200, $$"""{"name":"{{model}}","versions":["1"],"platform":"onnxruntime_onnx","inputs":[{"name":"text","datatype":"BYTES","shape":[-1]}],"outputs":[{"name":"embedding","datatype":"FP32","shape":[-1,{{Dimension}}]}]}""");
            if (request.Method == "POST" && match.Groups["infer"].Success)
            {
                var texts = JsonNode.Parse(request.Body)!["inputs"]![0]!["data"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
                var data = texts.SelectMany(text => (change ?? ((_, v) => v))(text, Embed(text))).ToArray();
                return (200, JsonSerializer.Serialize(new
                {
                    model_name = model,
                    outputs = new[] { new { name = "embedding", datatype = "FP32", shape = new long[] { texts.Length, Dimension }, data } },
                }));
            }
            return (405, "{\"error\":\"method not allowed\"}");
        });

    /// <summary>A unit vector that depends on every character of the text.</summary>
    public static double[] Embed(string text)
    {
        var vector = new double[Dimension];
        for (var i = 0; i < text.Length; i++)
            vector[i % Dimension] += (text[i] % 97) + 1;
        var norm = Math.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => Math.Round(v / norm, 6))];
    }
}
