using System.Text;

namespace Slipway.Build.Parameters;

/// <summary>The spellings of a parameter name: --kebab-case, SCREAMING_SNAKE, and the normalised lookup key.</summary>
public static class ParameterNames
{
    public static string Kebab(string name) => Split(name, '-').ToLowerInvariant();

    public static string ScreamingSnake(string name) => Split(name, '_').ToUpperInvariant();

    /// <summary>Case-, dash- and underscore-insensitive key ("container-image" = "ContainerImage").</summary>
    public static string Key(string name) =>
        new(name.Where(c => c is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant).ToArray());

    private static string Split(string name, char separator)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '-' or '_')
            {
                builder.Append(separator);
                continue;
            }

            var startsWord = i > 0 && char.IsUpper(c) &&
                (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (startsWord && builder.Length > 0 && builder[^1] != separator)
                builder.Append(separator);
            builder.Append(c);
        }

        return builder.ToString();
    }
}
