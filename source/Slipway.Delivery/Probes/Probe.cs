using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Probes;

/// <summary>One golden-output probe: a stable id and the input tensors of one infer request.</summary>
public sealed record Probe(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("inputs")] IReadOnlyList<ProbeInput> Inputs)
{
    private const int MaxDescription = 60;

    /// <summary>The inputs in a few words for a message: the text of BYTES inputs (shortened), else name, datatype and shape.</summary>
    public string Describe() => string.Join(", ", Inputs.Select(input =>
    {
        if (input.Data.ValueKind == JsonValueKind.Array && input.Data.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            var texts = string.Join(" | ", input.Data.EnumerateArray().Select(e => e.GetString()));
            return $"{input.Name} \"{Shorten(texts)}\"";
        }

        return $"{input.Name} {input.Datatype} [{string.Join(", ", input.Shape)}]";
    }));

    private static string Shorten(string text) =>
        text.Length <= MaxDescription ? text : text[..(char.IsHighSurrogate(text[MaxDescription - 1]) ? MaxDescription - 1 : MaxDescription)] + "…";
}
