using Microsoft.Extensions.Options;

namespace Slipway.Serving.Configuration;

/// <summary>Refuses short or blank keys and unreadable key files; never echoes a key.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            CheckKey(options.ApiKeys[i], $"{AuthOptions.Section}:ApiKeys:{i}", problems);
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKeyFile))
        {
            if (!File.Exists(options.ApiKeyFile))
            {
                problems.Add($"{AuthOptions.Section}:ApiKeyFile '{options.ApiKeyFile}' does not exist; mount the secret there or remove the setting.");
            }
            else
            {
                try
                {
                    var keys = ReadKeyFile(options.ApiKeyFile);
                    if (keys.Count == 0)
                    {
                        problems.Add($"{AuthOptions.Section}:ApiKeyFile '{options.ApiKeyFile}' holds no key; write one key per line.");
                    }

                    for (var i = 0; i < keys.Count; i++)
                    {
                        CheckKey(keys[i], $"{AuthOptions.Section}:ApiKeyFile line {i + 1}", problems);
                    }
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    problems.Add($"{AuthOptions.Section}:ApiKeyFile '{options.ApiKeyFile}' cannot be read ({exception.GetType().Name}); check its permissions.");
                }
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Keys of a key file: one per line, trimmed; blank lines and '#' comments skipped.</summary>
    public static List<string> ReadKeyFile(string path) =>
        [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    private static void CheckKey(string key, string where, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length < AuthOptions.MinimumKeyLength || key.Any(char.IsWhiteSpace))
        {
            problems.Add($"{where} must be at least {AuthOptions.MinimumKeyLength} characters without spaces; generate one with 'openssl rand -hex 32'.");
        }
    }
}
