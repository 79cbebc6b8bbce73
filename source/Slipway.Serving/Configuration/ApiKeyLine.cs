using System.Security.Cryptography;
using System.Text;
using Slipway.Serving.Security;

namespace Slipway.Serving.Configuration;

/// <summary>
/// The one reader of a key definition, for an <c>Serving:Auth:ApiKeys:n</c> entry and an <c>ApiKeyFile</c> line alike:
/// <c>&lt;key&gt; [name=&lt;name&gt;] [models=a,b] [rate=&lt;n&gt;/s|&lt;n&gt;/m]</c>. A bare key (the original format) may use
/// every model without a limit. Problems name where the definition is, never the key.
/// </summary>
public static class ApiKeyLine
{
    public const string Syntax = "'<key> [name=<name>] [models=<model>,<model>] [rate=<n>/s|<n>/m]'";

    /// <summary>A parsed definition: the secret and what it may do; null when <paramref name="problems"/> got an entry.</summary>
    public static (string Secret, ApiKey Key)? Parse(string line, string where, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length == 0 || tokens[0].Length < AuthOptions.MinimumKeyLength)
        {
            problems.Add($"{where} must be at least {AuthOptions.MinimumKeyLength} characters without spaces; generate one with 'openssl rand -hex 32'. A key may be followed by options: {Syntax}.");
            return null;
        }

        var secret = tokens[0];
        string? name = null;
        HashSet<string>? models = null;
        ApiKeyRate? rate = null;
        for (var index = 1; index < tokens.Length; index++)
        {
            var token = tokens[index];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var option = equals > 0 ? token[..equals] : "";
            var value = equals > 0 ? token[(equals + 1)..] : "";
            switch (option)
            {
                case "name" when IsName(value):
                    name = value;
                    break;
                case "name":
                    problems.Add($"{where}: the name must be 1 to 64 letters, digits, '.', '_' or '-'; e.g. name=ci-pipeline.");
                    break;
                case "models" when value == "*" || value.Split(',').All(IsName):
                    models = value == "*" ? null : [.. value.Split(',')];
                    break;
                case "models":
                    problems.Add($"{where}: models= takes model names separated by commas (e.g. models=minilm,resnet18), or * for every model.");
                    break;
                case "rate" when ParseRate(value) is { } parsed:
                    rate = parsed;
                    break;
                case "rate":
                    problems.Add($"{where}: rate= takes a positive number of requests per second or minute, e.g. rate=100/s or rate=600/m.");
                    break;
                default:
                    problems.Add($"{where}: option {index} is not name=, models= or rate=; write {Syntax} (a key has no spaces).");
                    break;
            }
        }

        return problems.Count > before ? null : (secret, new ApiKey(name ?? DefaultName(secret), models, rate));
    }

    /// <summary>A name for a key that has none, from its digest: stable, and it says nothing usable about the key.</summary>
    public static string DefaultName(string secret) =>
        "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..8];

    private static bool IsName(string value) =>
        value.Length is >= 1 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static ApiKeyRate? ParseRate(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !int.TryParse(value.AsSpan(0, slash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var permits) || permits <= 0)
            return null;
        return value[(slash + 1)..] switch
        {
            "s" => new ApiKeyRate(permits, TimeSpan.FromSeconds(1)),
            "m" => new ApiKeyRate(permits, TimeSpan.FromMinutes(1)),
            _ => null,
        };
    }
}
