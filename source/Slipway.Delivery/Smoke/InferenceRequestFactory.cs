using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Delivery.Smoke;

/// <summary>
/// Builds Open Inference Protocol infer requests from a model's metadata: variable dimensions (-1) become 1,
/// BYTES inputs carry sentences, numeric inputs carry deterministic values.
/// </summary>
public static class InferenceRequestFactory
{
    private static readonly HashSet<string> IntegerTypes = ["UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64"];
    private static readonly HashSet<string> FloatTypes = ["FP16", "FP32", "FP64"];

    /// <summary>Parses the body of <c>GET /v2/models/{model}</c>; throws <see cref="InvalidDataException"/> naming what is missing.</summary>
    public static ModelMetadata ParseMetadata(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The model metadata is not JSON ({exception.Message}); expected the body of GET /v2/models/{{model}}.", exception);
        }
        if (root is not JsonObject metadata)
            throw new InvalidDataException("The model metadata is not a JSON object; expected the body of GET /v2/models/{model}.");
        var name = metadata["name"]?.GetValue<string>() ?? throw new InvalidDataException("The model metadata has no 'name'.");
        var versions = (metadata["versions"] as JsonArray)?.Select(v => v?.ToString() ?? "").ToArray() ?? [];
        var inputs = ParseTensors(metadata, "inputs");
        if (inputs.Count == 0)
            throw new InvalidDataException($"The metadata of model '{name}' lists no inputs, so no infer request can be built; check the model's configuration.");
        return new ModelMetadata(name, versions, inputs, ParseTensors(metadata, "outputs"));
    }

    /// <summary>The JSON body of request <paramref name="index"/>; the same index always gives the same body.</summary>
    public static string Build(ModelMetadata metadata, int index, IReadOnlyList<string> sentences)
    {
        var inputs = new JsonArray();
        foreach (var input in metadata.Inputs)
        {
            var shape = input.Shape.Select(d => d < 0 ? 1 : d).ToArray();
            var elements = shape.Aggregate(1L, (product, d) => product * d);
            if (elements > 10_000_000)
                throw new InvalidDataException($"Input '{input.Name}' of model '{metadata.Name}' has {elements} elements (shape [{string.Join(",", input.Shape)}]); the smoke test sends at most 10,000,000.");
            inputs.Add(new JsonObject
            {
                ["name"] = input.Name,
                ["shape"] = new JsonArray(shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["datatype"] = input.Datatype,
                ["data"] = Data(metadata.Name, input, (int)elements, index, sentences),
            });
        }
        var request = new JsonObject
        {
            ["id"] = "smoke-" + index.ToString(CultureInfo.InvariantCulture),
            ["inputs"] = inputs,
        };
        return request.ToJsonString();
    }

    private static JsonArray Data(string model, TensorMetadata input, int elements, int index, IReadOnlyList<string> sentences)
    {
        var datatype = input.Datatype.ToUpperInvariant();
        var data = new JsonArray();
        for (var i = 0; i < elements; i++)
        {
            JsonNode value = datatype switch
            {
                "BYTES" => JsonValue.Create(sentences[(index + i) % sentences.Count]),
                "BOOL" => JsonValue.Create((index + i) % 2 == 0),
                // 1 is a valid index for any embedding (token ids, token types) and a valid mask value.
                _ when IntegerTypes.Contains(datatype) => JsonValue.Create(1),
                _ when FloatTypes.Contains(datatype) => JsonValue.Create(((index * 31 + i * 7) % 100) / 100.0),
                _ => throw new InvalidDataException(
                    $"Input '{input.Name}' of model '{model}' has datatype '{input.Datatype}', which is not an Open Inference Protocol datatype; " +
                    "expected BOOL, UINT8/16/32/64, INT8/16/32/64, FP16, FP32, FP64 or BYTES."),
            };
            data.Add(value);
        }
        return data;
    }

    private static IReadOnlyList<TensorMetadata> ParseTensors(JsonObject metadata, string property)
    {
        if (metadata[property] is not JsonArray array)
            return [];
        return array.OfType<JsonObject>().Select(tensor => new TensorMetadata(
            tensor["name"]?.GetValue<string>() ?? throw new InvalidDataException($"An entry of '{property}' in the model metadata has no 'name'."),
            tensor["datatype"]?.GetValue<string>() ?? throw new InvalidDataException($"Tensor '{tensor["name"]}' in the model metadata has no 'datatype'."),
            (tensor["shape"] as JsonArray)?.Select(d => d!.GetValue<long>()).ToArray() ?? [])).ToArray();
    }
}
