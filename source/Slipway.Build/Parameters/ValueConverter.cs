using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Build.Tools;

namespace Slipway.Build.Parameters;

/// <summary>Converts parameter text to the member's type, or explains what is accepted.</summary>
internal static partial class ValueConverter
{
    public static object? Convert(IReadOnlyList<string> values, Type type, char separator, AbsolutePath root, out string? error)
    {
        error = null;
        if (type.IsArray)
        {
            var elementType = type.GetElementType()!;
            var tokens = values.SelectMany(v => v.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var array = Array.CreateInstance(elementType, tokens.Count);
            for (var i = 0; i < tokens.Count; i++)
            {
                var element = ConvertOne(tokens[i], elementType, root, out error);
                if (error is not null)
                    return null;
                array.SetValue(element, i);
            }

            return array;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (values.Count == 0)
        {
            if (underlying == typeof(bool))
                return true;
            error = $"a value is required ({Describe(type)})";
            return null;
        }

        if (values.Count > 1)
        {
            error = $"one value is expected, got {values.Count} ('{string.Join("' '", values)}')";
            return null;
        }

        return ConvertOne(values[0], underlying, root, out error);
    }

    /// <summary>What the type accepts, in words, for help and error messages.</summary>
    public static string Describe(Type type)
    {
        if (type.IsArray)
            return $"one or more of: {Describe(type.GetElementType()!)}";
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
            return string.Join(" | ", Enum.GetNames(t));
        return t switch
        {
            _ when t == typeof(string) => "text",
            _ when t == typeof(bool) => "true | false (a bare flag means true)",
            _ when t == typeof(int) || t == typeof(long) || t == typeof(short) => "a whole number",
            _ when t == typeof(double) || t == typeof(float) || t == typeof(decimal) => "a number, e.g. 0.5",
            _ when t == typeof(TimeSpan) => "a duration: 90s, 5m, 1h, 250ms or hh:mm:ss",
            _ when t == typeof(Uri) => "an absolute URI, e.g. http://127.0.0.1:5000",
            _ when t == typeof(AbsolutePath) => "a file system path (relative to the root)",
            _ => t.Name,
        };
    }

    public static string TypeName(Type type)
    {
        if (type.IsArray)
            return TypeName(type.GetElementType()!) + "[]";
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(AbsolutePath) ? "path" : t.Name.ToLowerInvariant() switch
        {
            "int32" => "int",
            "int64" => "long",
            "boolean" => "bool",
            var name => name,
        };
    }

    private static object? ConvertOne(string text, Type type, AbsolutePath root, out string? error)
    {
        error = null;
        var invariant = CultureInfo.InvariantCulture;
        object? result = null;
        var ok = true;
        if (type == typeof(string))
            result = text;
        else if (type == typeof(bool))
        {
            ok = bool.TryParse(text, out var b) || TryOnOff(text, out b);
            result = b;
        }
        else if (type == typeof(int))
        {
            ok = int.TryParse(text, NumberStyles.Integer, invariant, out var i);
            result = i;
        }
        else if (type == typeof(long))
        {
            ok = long.TryParse(text, NumberStyles.Integer, invariant, out var l);
            result = l;
        }
        else if (type == typeof(short))
        {
            ok = short.TryParse(text, NumberStyles.Integer, invariant, out var s);
            result = s;
        }
        else if (type == typeof(double))
        {
            ok = double.TryParse(text, NumberStyles.Float, invariant, out var d) && double.IsFinite(d);
            result = d;
        }
        else if (type == typeof(float))
        {
            ok = float.TryParse(text, NumberStyles.Float, invariant, out var f) && float.IsFinite(f);
            result = f;
        }
        else if (type == typeof(decimal))
        {
            ok = decimal.TryParse(text, NumberStyles.Number, invariant, out var m);
            result = m;
        }
        else if (type.IsEnum)
        {
            var key = ParameterNames.Key(text);
            var name = Enum.GetNames(type).FirstOrDefault(n => ParameterNames.Key(n) == key);
            ok = name is not null;
            result = name is null ? null : Enum.Parse(type, name);
        }
        else if (type == typeof(TimeSpan))
        {
            ok = TryDuration(text, out var span);
            result = span;
        }
        else if (type == typeof(Uri))
        {
            ok = Uri.TryCreate(text, UriKind.Absolute, out var uri);
            result = uri;
        }
        else if (type == typeof(AbsolutePath))
        {
            ok = !string.IsNullOrWhiteSpace(text) && text.IndexOfAny(Path.GetInvalidPathChars()) < 0;
            result = ok ? AbsolutePath.Create(Path.IsPathRooted(text) ? text : Path.Combine(root, text)) : null;
        }
        else
        {
            error = $"parameters of type {type.Name} are not supported";
            return null;
        }

        if (!ok)
            error = $"'{text}' is not {Describe(type)}";
        return ok ? result : null;
    }

    private static bool TryOnOff(string text, out bool value)
    {
        value = text is "1" or "yes" or "on";
        return text is "1" or "0" or "yes" or "no" or "on" or "off";
    }

    private static bool TryDuration(string text, out TimeSpan value)
    {
        var match = Duration().Match(text.Trim());
        if (match.Success)
        {
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            value = match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && text.Contains(':');
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h|d)$")]
    private static partial Regex Duration();
}
