namespace Slipway.Serving.Configuration;

/// <summary>Section <c>Serving:Auth</c>. With no keys configured the service is open.</summary>
public sealed class AuthOptions
{
    public const string Section = "Serving:Auth";

    public const int MinimumKeyLength = 16;

    /// <summary>Accepted bearer tokens.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>A file with one accepted bearer token per line (e.g. a mounted secret); blank lines and lines starting with '#' are skipped.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Also require a key for <c>/metrics</c>. Health endpoints are always open (load balancers and HEALTHCHECK have no key).</summary>
    public bool ProtectMetrics { get; set; }
}
