using System.Globalization;
using System.Text;

namespace Slipway.Delivery.Monitoring;

/// <summary>The one YAML rule the generators need: every string is written double-quoted, escaped.</summary>
internal static class Yaml
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                        text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    else
                        text.Append(c);
                    break;
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary>A flow sequence of quoted strings: <c>["a", "b"]</c>.</summary>
    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quote)) + "]";
}
