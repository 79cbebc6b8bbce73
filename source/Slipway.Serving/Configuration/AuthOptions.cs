namespace Slipway.Serving.Configuration;

/// <summary>Section <c>Serving:Auth</c>. With no keys configured the service is open.</summary>
public sealed class AuthOptions
{
    public const string Section = "Serving:Auth";

    public const int MinimumKeyLength = 16;

    /// <summary>Accepted bearer tokens, each a bare key or a key with options (<see cref="ApiKeyLine.Syntax"/>).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>A file with one accepted bearer token per line in the same form as <see cref="ApiKeys"/> (e.g. a mounted secret); blank lines and lines starting with '#' are skipped.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Also require a key for <c>/metrics</c>. Health endpoints are always open (load balancers and HEALTHCHECK have no key).</summary>
    public bool ProtectMetrics { get; set; }
}
