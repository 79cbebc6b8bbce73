using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Probes;

/// <summary>
/// Writes tensor data as one compact JSON array (shortest round-trip numbers, "NaN"/"Infinity"/"-Infinity" for the
/// non-finite, as the service writes them), even inside an indented file, so a 384-element embedding is one line.
/// </summary>
public sealed class ProbeDataJsonConverter : JsonConverter<IReadOnlyList<double>>
{
    public override IReadOnlyList<double> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Tensor data must be an array of numbers, not {reader.TokenType}.");
        }

        var values = new List<double>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.TokenType switch
            {
                JsonTokenType.Number => reader.GetDouble(),
                JsonTokenType.String => ReadNamed(reader.GetString()),
                _ => throw new JsonException($"Tensor data holds a {reader.TokenType}; only numbers and \"NaN\", \"Infinity\", \"-Infinity\" are allowed."),
            });
        }

        return values;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<double> value, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var compact = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            compact.WriteStartArray();
            foreach (var number in value)
            {
                if (double.IsFinite(number))
                {
                    compact.WriteNumberValue(number);
                }
                else
                {
                    compact.WriteStringValue(double.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity");
                }
            }

            compact.WriteEndArray();
        }

        writer.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
    }

    private static double ReadNamed(string? text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new JsonException($"Tensor data holds the string '{text}'; only numbers and \"NaN\", \"Infinity\", \"-Infinity\" are allowed."),
    };
}
