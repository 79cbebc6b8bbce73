namespace Slipway.Delivery.Engine;

/// <summary>
/// Where to find a Docker engine and whether the build may provision one.
/// Immutable: change a copy with <c>with { … }</c>.
/// </summary>
public sealed record DockerEngineOptions
{
    /// <summary>The socket used when neither <see cref="Host"/> nor DOCKER_HOST is set.</summary>
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>The engine endpoint (unix:// or tcp://). Null: DOCKER_HOST, else <see cref="DefaultHost"/>.</summary>
    public string? Host { get; init; }

    /// <summary>Install docker.io and start dockerd when no engine answers (Linux, root, apt only).</summary>
    public bool AllowProvisioning { get; init; } = true;

    /// <summary>Where a provisioned dockerd writes its log (the build passes <c>.nuke/temp</c>).</summary>
    public string LogDirectory { get; init; } = Path.Combine(".nuke", "temp");

    /// <summary>How long one ping may take before the engine counts as unreachable.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a freshly started dockerd may take to answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Extra dockerd arguments, e.g. a separate <c>--data-root</c>, <c>--exec-root</c> and <c>--pidfile</c>
    /// for a second engine beside an existing one.
    /// </summary>
    public IReadOnlyList<string> ExtraDaemonArguments { get; init; } = [];

    /// <summary>The endpoint that will be used: <see cref="Host"/>, else DOCKER_HOST, else <see cref="DefaultHost"/>.</summary>
    public string ResolveHost()
    {
        if (!string.IsNullOrWhiteSpace(Host))
        {
            return Host;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultHost : fromEnvironment;
    }

    internal string DescribeHostSource() =>
        !string.IsNullOrWhiteSpace(Host) ? "from the build's options"
        : !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOCKER_HOST")) ? "from DOCKER_HOST"
        : "the default socket";
}
