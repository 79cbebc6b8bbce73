using Microsoft.Extensions.Options;
using Slipway.Serving.Security;

namespace Slipway.Serving.Configuration;

/// <summary>Refuses short or blank keys, malformed key options, repeated keys or names and unreadable key files; never echoes a key.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        Read(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Every key of <c>ApiKeys</c> and the key file, through <see cref="ApiKeyLine"/>; what is wrong goes into <paramref name="problems"/>.</summary>
    public static IReadOnlyList<(string Secret, ApiKey Key)> Read(AuthOptions options, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        var definitions = new List<(string Secret, ApiKey Key, string Where)>();
        void Add(string line, string where)
        {
            if (ApiKeyLine.Parse(line, where, problems) is { } parsed)
                definitions.Add((parsed.Secret, parsed.Key, where));
        }

        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            Add(options.ApiKeys[i] ?? "", $"{AuthOptions.Section}:ApiKeys:{i}");
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKeyFile))
        {
            ReadFile(options.ApiKeyFile, Add, problems);
        }

        // The same bare key in the settings and the file is one key; the same key with two definitions is ambiguous.
        var bySecret = definitions.GroupBy(d => d.Secret, StringComparer.Ordinal).ToList();
        foreach (var group in bySecret.Where(g => g.Count() > 1 && g.Any(d => d.Key.Models is not null || d.Key.Rate is not null || d.Key.Name != ApiKeyLine.DefaultName(d.Secret))))
            problems.Add($"{string.Join(" and ", group.Select(d => d.Where))} define the same key; keep one definition per key.");
        var unique = bySecret.Select(g => g.First()).ToList();
        foreach (var group in unique.GroupBy(d => d.Key.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"{string.Join(" and ", group.Select(d => d.Where))} are all named '{group.Key}'; give each key its own name= (rate limits count per name).");
        return [.. unique.Select(d => (d.Secret, d.Key))];
    }

    private static void ReadFile(string path, Action<string, string> add, List<string> problems)
    {
        var where = $"{AuthOptions.Section}:ApiKeyFile '{path}'";
        if (!File.Exists(path))
        {
            problems.Add($"{where} does not exist; mount the secret there or remove the setting.");
            return;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{where} cannot be read ({exception.GetType().Name}); check its permissions.");
            return;
        }

        var keys = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            keys++;
            add(line, $"{where} line {i + 1}");
        }

        if (keys == 0)
            problems.Add($"{where} holds no key; write one key per line ({ApiKeyLine.Syntax}).");
    }
}
