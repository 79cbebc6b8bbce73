using System.Globalization;
using System.Text.Json;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>Tolerant reads of loosely shaped JSON: a missing or mistyped property gives null, never an exception.</summary>
internal static class JsonRead
{
    public static JsonElement? Property(JsonElement element, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return null;
        foreach (var name in names)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
                    return property.Value;
            }
        }
        return null;
    }

    public static string? String(JsonElement element, params string[] names) =>
        Property(element, names) is { } value
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;

    public static double? Double(JsonElement element, params string[] names) =>
        Property(element, names) is { } value
            ? value.ValueKind switch
            {
                JsonValueKind.Number => value.GetDouble(),
                JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            }
            : null;

    public static long? Long(JsonElement element, params string[] names) =>
        Double(element, names) is { } value ? (long)value : null;

    public static int? Int(JsonElement element, params string[] names) =>
        Double(element, names) is { } value ? (int)value : null;

    public static DateTimeOffset? Date(JsonElement element, params string[] names) =>
        String(element, names) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;

    public static IEnumerable<JsonElement> Array(JsonElement element, params string[] names) =>
        Property(element, names) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    public static IReadOnlyList<string> Strings(JsonElement element, params string[] names) =>
        Array(element, names).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray();
}
