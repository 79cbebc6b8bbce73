using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Slipway.Delivery.Smoke;

namespace Slipway.Delivery.Deployment.Gates;

/// <summary>
/// Builds a valid Open Inference Protocol request from a model's metadata and checks that the response's outputs
/// match the metadata (names, datatypes, shapes, element counts).
/// </summary>
public static class SmokeInference
{
    /// <summary>The body of one valid infer request for the model, built by the smoke test's own request factory.</summary>
    public static string RequestBody(string metadataText)
    {
        try
        {
            return InferenceRequestFactory.Build(InferenceRequestFactory.ParseMetadata(metadataText), 0, SmokeTestOptions.DefaultSentences);
        }
        catch (InvalidDataException exception)
        {
            throw new GateFailedException("smoke", exception.Message);
        }
    }

    /// <summary>Every way the response disagrees with the metadata; empty when it matches.</summary>
    public static IReadOnlyList<string> Check(JsonObject metadata, JsonNode? response)
    {
        var problems = new List<string>();
        if (response is not JsonObject body || body["outputs"] is not JsonArray outputs)
        {
            problems.Add("the response has no 'outputs' array");
            return problems;
        }

        var byName = outputs.OfType<JsonObject>()
            .Where(o => o["name"] is not null)
            .GroupBy(o => o["name"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.First());
        foreach (var expected in (metadata["outputs"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = expected["name"]?.GetValue<string>() ?? "";
            if (!byName.TryGetValue(name, out var actual))
            {
                problems.Add($"output '{name}' is missing (got: {string.Join(", ", byName.Keys.Select(k => "'" + k + "'"))})");
                continue;
            }

            var expectedType = expected["datatype"]?.GetValue<string>() ?? "";
            var actualType = actual["datatype"]?.GetValue<string>() ?? "";
            if (!string.Equals(expectedType, actualType, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"output '{name}' has datatype '{actualType}', the metadata says '{expectedType}'");
            }

            var expectedShape = ReadShape(expected["shape"]);
            var actualShape = ReadShape(actual["shape"]);
            var shapeMatches = expectedShape.Count == actualShape.Count
                && expectedShape.Zip(actualShape).All(pair => pair.First < 0 ? pair.Second >= 0 : pair.First == pair.Second);
            if (!shapeMatches)
            {
                problems.Add($"output '{name}' has shape {Format(actualShape)}, the metadata says {Format(expectedShape)}");
            }

            var elements = actualShape.Aggregate(1L, (a, b) => a * b);
            var count = CountLeaves(actual["data"]);
            if (count != elements)
            {
                problems.Add($"output '{name}' carries {count} values, its shape {Format(actualShape)} needs {elements}");
            }
        }

        return problems;
    }

    private static List<long> ReadShape(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            return [];
        }

        return array.Select(d => d is JsonValue value && value.TryGetValue<long>(out var number) ? number : long.MinValue).ToList();
    }

    private static long CountLeaves(JsonNode? node) => node switch
    {
        JsonArray array => array.Sum(CountLeaves),
        null => 0,
        _ => 1,
    };

    private static string Format(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    internal static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    internal static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
