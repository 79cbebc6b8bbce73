using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Slipway.Serving.Configuration;

namespace Slipway.Serving.Security;

/// <summary>
/// The accepted API keys, kept only as SHA-256 digests beside what each may do (<see cref="ApiKey"/>). A presented key is
/// hashed and compared with every digest in constant time, so neither the key's content nor its length leaks through
/// timing. Several keys may be valid at once, so a new key can overlap the one it replaces.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly byte[][] _digests;
    private readonly ApiKey[] _keys;

    public ApiKeyStore(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var definitions = AuthOptionsValidator.Read(options.Value, problems);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), problems);
        }

        _digests = [.. definitions.Select(d => Digest(d.Secret))];
        _keys = [.. definitions.Select(d => d.Key)];
        ProtectMetrics = options.Value.ProtectMetrics;
    }

    public bool Enabled => _digests.Length > 0;

    public bool ProtectMetrics { get; }

    /// <summary>Every accepted key's definition (names, scopes and rates; never the key).</summary>
    public IReadOnlyList<ApiKey> Keys => _keys;

    /// <summary>
    /// Whether the <c>Authorization</c> header (REST) or metadata entry (gRPC) carries a valid key that may use
    /// <paramref name="model"/> (null: a call that names no model). Used by the REST middleware and the gRPC interceptor
    /// alike, so both protocols say the same.
    /// </summary>
    public ApiKeyCheck Check(string? authorization, string? model)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return ApiKeyCheck.Unauthenticated("missing API key: send the header 'Authorization: Bearer <api key>'.");
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiKeyCheck.Unauthenticated("the Authorization header must use the Bearer scheme: 'Authorization: Bearer <api key>'.");
        }

        if (Find(authorization.AsSpan(7).Trim()) is not { } key)
        {
            return ApiKeyCheck.Unauthenticated("invalid API key.");
        }

        if (model is not null && !key.Allows(model))
        {
            return new ApiKeyCheck(key, ApiKeyVerdict.Forbidden,
                $"the API key '{key.Name}' may not use model '{model}'; it may use: {string.Join(", ", key.Models!.Order(StringComparer.Ordinal))}.");
        }

        return new ApiKeyCheck(key, ApiKeyVerdict.Allowed, null);
    }

    /// <summary>The definition of the presented key, or null when it is not one of the accepted keys.</summary>
    public ApiKey? Find(ReadOnlySpan<char> presented)
    {
        var digest = Digest(presented);
        var found = -1;
        for (var i = 0; i < _digests.Length; i++)
        {
            var equal = CryptographicOperations.FixedTimeEquals(digest, _digests[i]); // every digest is compared: no early exit
            found = equal ? i : found;
        }

        return found < 0 ? null : _keys[found];
    }

    public bool IsValid(ReadOnlySpan<char> presented) => Find(presented) is not null;

    private static byte[] Digest(string key) => Digest(key.AsSpan());

    private static byte[] Digest(ReadOnlySpan<char> key)
    {
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, bytes);
        return SHA256.HashData(bytes.AsSpan(0, length));
    }
}
