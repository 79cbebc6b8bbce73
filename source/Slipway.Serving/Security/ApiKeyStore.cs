using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Slipway.Serving.Configuration;

namespace Slipway.Serving.Security;

/// <summary>
/// The accepted API keys, kept only as SHA-256 digests. A presented key is hashed and compared with every digest in
/// constant time, so neither the key's content nor its length leaks through timing.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly byte[][] _digests;

    public ApiKeyStore(IOptions<AuthOptions> options)
    {
        var keys = options.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (!string.IsNullOrWhiteSpace(options.Value.ApiKeyFile) && File.Exists(options.Value.ApiKeyFile))
        {
            keys.AddRange(AuthOptionsValidator.ReadKeyFile(options.Value.ApiKeyFile));
        }

        _digests = [.. keys.Select(Digest)];
        ProtectMetrics = options.Value.ProtectMetrics;
    }

    public bool Enabled => _digests.Length > 0;

    public bool ProtectMetrics { get; }

    /// <summary>
    /// Why the <c>Authorization</c> header (REST) or metadata entry (gRPC) is refused, or null when it carries a valid key.
    /// Used by the REST middleware and the gRPC interceptor alike, so both protocols say the same.
    /// </summary>
    public string? Refusal(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return "missing API key: send the header 'Authorization: Bearer <api key>'.";
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return "the Authorization header must use the Bearer scheme: 'Authorization: Bearer <api key>'.";
        }

        return IsValid(authorization.AsSpan(7).Trim()) ? null : "invalid API key.";
    }

    public bool IsValid(ReadOnlySpan<char> presented)
    {
        var digest = Digest(presented);
        var match = false;
        foreach (var known in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, known); // no early exit
        }

        return match;
    }

    private static byte[] Digest(string key) => Digest(key.AsSpan());

    private static byte[] Digest(ReadOnlySpan<char> key)
    {
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, bytes);
        return SHA256.HashData(bytes.AsSpan(0, length));
    }
}
