using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Delivery.Tests.Smoke;

/// <summary>
/// A minimal Open Inference Protocol server: GET /v2/models/{name} answers the given metadata; POST …/infer checks each
/// input against it (name, datatype, shape with -1 matching any size, data length = product of the shape) and answers one output.
/// </summary>
internal static class InferenceStandIn
{
    public static LocalHttpServer Start(string model, string metadataJson, Func<int, bool>? failRequest = null)
    {
        var metadata = JsonNode.Parse(metadataJson)!.AsObject();
        var count = 0;
        return LocalHttpServer.Start(request =>
        {
            if (request.Method == "GET" && request.Path == $"/v2/models/{model}")
                return (200, metadataJson);
            if (request.Method == "POST" && request.Path == $"/v2/models/{model}/infer")
            {
                var number = Interlocked.Increment(ref count);
                if (failRequest?.Invoke(number) == true)
                    return (500, "{\"error\":\"simulated failure\"}");
                var problem = Check(metadata, request.Body);
                return problem is null
                    ? (200, $"{{\"model_name\":\"{model}\",\"id\":\"x\",\"outputs\":[{{\"name\":\"embedding\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[0.5,0.25]}}]}}")
                    : (400, JsonSerializer.Serialize(new { error = problem }));
            }
            return (404, "{\"error\":\"unknown model\"}");
        });
    }

    private static string? Check(JsonObject metadata, string body)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        var inputs = request["inputs"]!.AsArray();
        var expected = metadata["inputs"]!.AsArray();
        if (inputs.Count != expected.Count)
            return $"expected {expected.Count} inputs, got {inputs.Count}";
        foreach (var spec in expected)
        {
            var name = spec!["name"]!.GetValue<string>();
            var input = inputs.FirstOrDefault(i => i!["name"]!.GetValue<string>() == name);
            if (input is null)
                return $"missing input {name}";
            if (input["datatype"]!.GetValue<string>() != spec["datatype"]!.GetValue<string>())
                return $"datatype of {name}";
            var shape = input["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var specShape = spec["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (shape.Length != specShape.Length || shape.Where((d, i) => specShape[i] != -1 && specShape[i] != d).Any())
                return $"shape of {name}";
            if (input["data"]!.AsArray().Count != shape.Aggregate(1L, (a, d) => a * d))
                return $"data length of {name}";
        }
        return null;
    }
}
