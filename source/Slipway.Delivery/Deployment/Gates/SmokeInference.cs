using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Delivery.Deployment.Gates;

/// <summary>
/// Builds a valid Open Inference Protocol request from a model's metadata and checks that the response's outputs
/// match the metadata (names, datatypes, shapes, element counts).
/// </summary>
public static class SmokeInference
{
    public static JsonObject BuildRequest(JsonObject metadata)
    {
        var model = metadata["name"]?.GetValue<string>() ?? "(unnamed)";
        if (metadata["inputs"] is not JsonArray inputs || inputs.Count == 0)
        {
            throw new GateFailedException("smoke", $"The metadata of model '{model}' lists no inputs, so no smoke request can be built.");
        }

        var requestInputs = new JsonArray();
        foreach (var input in inputs.OfType<JsonObject>())
        {
            var name = input["name"]?.GetValue<string>() ?? throw new GateFailedException("smoke", $"An input of model '{model}' has no name in its metadata.");
            var datatype = (input["datatype"]?.GetValue<string>() ?? "").ToUpperInvariant();
            var shape = ReadShape(input["shape"]).Select(d => d < 0 ? 1 : d).ToArray();
            var count = shape.Aggregate(1L, (a, b) => a * b);
            if (count > 5_000_000)
            {
                throw new GateFailedException("smoke", $"Input '{name}' of model '{model}' has {count} elements; the smoke inference sends at most 5,000,000.");
            }

            var data = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                data.Add(datatype switch
                {
                    "BOOL" => JsonValue.Create(true),
                    "BYTES" => JsonValue.Create("slipway smoke test"),
                    "FP16" or "FP32" or "FP64" => JsonValue.Create(0.5),
                    "UINT8" or "UINT16" or "UINT32" or "UINT64" or "INT8" or "INT16" or "INT32" or "INT64" => JsonValue.Create(1),
                    _ => throw new GateFailedException("smoke", $"Input '{name}' of model '{model}' has datatype '{datatype}', which is not an Open Inference Protocol datatype."),
                });
            }

            requestInputs.Add(new JsonObject
            {
                ["name"] = name,
                ["shape"] = new JsonArray(shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["datatype"] = datatype,
                ["data"] = data,
            });
        }

        return new JsonObject { ["id"] = "slipway-smoke", ["inputs"] = requestInputs };
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

    internal static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

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
