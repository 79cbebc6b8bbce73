namespace Slipway.Build.Hosting;

/// <summary>
/// Jenkins: plain output (the console log has no sections without plugins), the build's URL for the run record. Secret
/// parameters are redacted by the engine as everywhere (withCredentials also masks them in the console log).
/// </summary>
public sealed class JenkinsHost(TextWriter output, IReadOnlyDictionary<string, string> environment) : BuildHost(output, interactive: false)
{
    public override string Name => "jenkins";

    public override string? RunUrl => environment.GetValueOrDefault("BUILD_URL") is { Length: > 0 } url ? url : null;

    public override bool IsServer => true;
}
