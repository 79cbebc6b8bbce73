namespace Slipway.Delivery.Images;

/// <summary>
/// Reads Deb822 control data (dpkg's status file, Debian's control files): paragraphs of "Field: value" lines separated by
/// blank lines, a line that starts with a space or tab continuing the field above, '#' lines comments. Field names are
/// case-insensitive and appear once per paragraph, as dpkg requires.
/// </summary>
internal static class Deb822
{
    /// <summary>The paragraphs of <paramref name="text"/>; <paramref name="source"/> names the file in errors.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(TextReader text, string source)
    {
        var paragraphs = new List<IReadOnlyDictionary<string, string>>();
        var current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? field = null;
        var number = 0;
        while (text.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0)
                    paragraphs.Add(current);
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                field = null;
            }
            else if (line[0] == '#')
            {
            }
            else if (line[0] is ' ' or '\t')
            {
                if (field is null)
                    throw new FormatException($"{source}, line {number}: a continuation line ('{line.Trim()}') has no field above it. Deb822 continuation lines follow a 'Field: value' line of the same paragraph.");
                current[field] += "\n" + line[1..];
            }
            else
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                    throw new FormatException($"{source}, line {number}: '{line}' is not a 'Field: value' line. Each Deb822 line is a field, a continuation (starting with a space) or blank between paragraphs.");
                field = line[..colon].Trim();
                if (!current.TryAdd(field, line[(colon + 1)..].Trim()))
                    throw new FormatException($"{source}, line {number}: the field '{field}' appears twice in one paragraph. Each field of a Deb822 paragraph appears once.");
            }
        }

        if (current.Count > 0)
            paragraphs.Add(current);
        return paragraphs;
    }
}
