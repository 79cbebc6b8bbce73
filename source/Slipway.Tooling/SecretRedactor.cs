using System.Collections.Concurrent;

namespace Slipway.Tooling;

/// <summary>Replaces every registered secret value in text before it reaches a log, a process invocation or a file.</summary>
public static class SecretRedactor
{
    public const string Mask = "[secret]";
    private static readonly ConcurrentDictionary<string, byte> Secrets = new(StringComparer.Ordinal);

    /// <summary>Raised for each newly registered secret (the GitHub Actions host masks it).</summary>
    public static event Action<string>? Registered;

    public static void Register(params string[] values)
    {
        foreach (var value in values.Where(v => v.Length >= 3))
        {
            if (Secrets.TryAdd(value, 0))
                Registered?.Invoke(value);
        }
    }

    public static string Redact(string text)
    {
        if (Secrets.IsEmpty || string.IsNullOrEmpty(text))
            return text;
        foreach (var secret in Secrets.Keys.OrderByDescending(s => s.Length))
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    internal static void Clear() => Secrets.Clear();
}
