namespace Slipway.Serving.Security;

public enum ApiKeyVerdict
{
    Allowed,
    /// <summary>No key, a malformed header or an unknown key: REST 401, gRPC UNAUTHENTICATED.</summary>
    Unauthenticated,
    /// <summary>A valid key without the scope of the model asked for: REST 403, gRPC PERMISSION_DENIED.</summary>
    Forbidden,
}

/// <summary>The outcome of <see cref="ApiKeyStore.Check"/>: the key when it is valid, and the message of a refusal.</summary>
public sealed record ApiKeyCheck(ApiKey? Key, ApiKeyVerdict Verdict, string? Refusal)
{
    public static ApiKeyCheck Unauthenticated(string refusal) => new(null, ApiKeyVerdict.Unauthenticated, refusal);
}
