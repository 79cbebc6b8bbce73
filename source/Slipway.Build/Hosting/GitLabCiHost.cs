using System.Text.RegularExpressions;
using Slipway.Build.Definition;

namespace Slipway.Build.Hosting;

/// <summary>
/// GitLab CI: each target's output in a collapsible section of the job log, the job's URL for the run record. Secret
/// parameters are redacted by the engine as everywhere (masked CI/CD variables are also masked by GitLab itself).
/// </summary>
public sealed partial class GitLabCiHost(TextWriter output, IReadOnlyDictionary<string, string> environment) : BuildHost(output, interactive: false)
{
    public override string Name => "gitlab-ci";

    public override string? RunUrl => environment.GetValueOrDefault("CI_JOB_URL") is { Length: > 0 } url ? url : null;

    public override void WriteLogo()
    {
    }

    public override void TargetStarting(ExecutableTarget target)
    {
        if (GroupTargets)
            Output.WriteLine($"\e[0Ksection_start:{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}:{SectionName(target)}[collapsed=true]\r\e[0K{target.Name}");
        else
            base.TargetStarting(target);
    }

    public override void TargetFinished(ExecutableTarget target)
    {
        if (GroupTargets)
            Output.WriteLine($"\e[0Ksection_end:{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}:{SectionName(target)}\r\e[0K");
    }

    /// <summary>GitLab accepts letters, digits, '_', '.' and '-' in a section name.</summary>
    public static string SectionName(ExecutableTarget target) => "target_" + Unsafe().Replace(target.Name, "_");

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex Unsafe();
}
