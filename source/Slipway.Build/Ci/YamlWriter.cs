using System.Collections;
using System.Globalization;
using System.Text;

namespace Slipway.Build.Ci;

/// <summary>
/// Writes a <see cref="YamlMap"/> as block-style YAML, two spaces per level, sequences indented under their key,
/// scalars plain where YAML reads them back unchanged and single-quoted otherwise, multi-line strings as literal blocks.
/// The same tree always gives the same text.
/// </summary>
internal static class YamlWriter
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    public static string Write(YamlMap map)
    {
        var builder = new StringBuilder();
        WriteMap(builder, map, 0);
        return builder.ToString();
    }

    /// <summary>The scalar as YAML text: plain when that reads back as the same string, else quoted.</summary>
    public static string Scalar(string value)
    {
        if (value.Any(c => char.IsControl(c) && c != '\n'))
            return DoubleQuoted(value);
        return NeedsQuotes(value) ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'" : value;
    }

    /// <summary>The workflow's <c>on:</c> key is written plain as GitHub documents it (its parser reads YAML 1.2, where it is a string).</summary>
    private static string Key(string key) => key == "on" ? key : Scalar(key);

    private static void WriteMap(StringBuilder builder, YamlMap map, int indent)
    {
        var first = true;
        foreach (var (key, value) in map)
        {
            if (map.Spaced && !first)
                builder.Append('\n');
            first = false;
            builder.Append(' ', indent).Append(Key(key)).Append(':');
            WriteValue(builder, value, indent);
        }
    }

    /// <summary>Writes what follows "key:" (the rest of that line and any nested lines).</summary>
    private static void WriteValue(StringBuilder builder, object? value, int indent)
    {
        switch (value)
        {
            case null:
                builder.Append('\n');
                break;
            case YamlMap { Count: 0 }:
                builder.Append(" {}\n");
                break;
            case YamlMap nested:
                builder.Append('\n');
                WriteMap(builder, nested, indent + 2);
                break;
            case string text when text.Contains('\n'):
                WriteLiteral(builder, text, indent + 2);
                break;
            case IList { Count: 0 }:
                builder.Append(" []\n");
                break;
            case IList items:
                builder.Append('\n');
                foreach (var item in items)
                    WriteItem(builder, item, indent + 2);
                break;
            default:
                builder.Append(' ').Append(ScalarText(value)).Append('\n');
                break;
        }
    }

    private static void WriteItem(StringBuilder builder, object? item, int indent)
    {
        switch (item)
        {
            case YamlMap { Count: > 0 } map:
                var nested = new StringBuilder();
                WriteMap(nested, map, indent + 2);
                builder.Append(' ', indent).Append("- ").Append(nested.ToString(indent + 2, nested.Length - indent - 2));
                break;
            case string text when text.Contains('\n'):
                builder.Append(' ', indent).Append('-');
                WriteLiteral(builder, text, indent + 2);
                break;
            case IList:
                throw new InvalidOperationException("A YAML sequence of sequences is not supported; wrap the inner list in a mapping.");
            default:
                builder.Append(' ', indent).Append("- ").Append(item is YamlMap ? "{}" : ScalarText(item)).Append('\n');
                break;
        }
    }

    private static void WriteLiteral(StringBuilder builder, string text, int indent)
    {
        builder.Append(text.EndsWith('\n') ? " |\n" : " |-\n");
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.Length > 0)
                builder.Append(' ', indent).Append(line);
            builder.Append('\n');
        }
    }

    private static string ScalarText(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string s => Scalar(s),
        _ => throw new InvalidOperationException($"A value of type {value.GetType().Name} cannot be written as YAML; use a string, number, boolean, list or YamlMap."),
    };

    private static bool NeedsQuotes(string value) =>
        value.Length == 0
        || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])
        || "-?:,[]{}#&*!|>'\"%@`".Contains(value[0])
        || value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || value.EndsWith(':')
        || Reserved.Contains(value)
        // Anything that starts like a number, date or time could be read as one (YAML 1.1 reads 12:30 and 2026-01-01 too).
        || char.IsAsciiDigit(value[0]) || value[0] is '+'
        || value[0] == '.' && (value.Length == 1 || char.IsAsciiDigit(value[1]) || value.ToLowerInvariant() is ".inf" or ".nan");

    private static string DoubleQuoted(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
