namespace Slipway.Build.Ci;

/// <summary>
/// Declares the GitLab CI pipeline, written to <c>.gitlab-ci.yml</c> by <c>./build.sh --generate-ci</c>: a job per invoked
/// target, <c>needs:</c> and stages from the target graph, artifacts from <c>Produces</c>:
/// <code>
/// [GitLabCI(OnBranches = ["main"], OnMergeRequests = true, InvokedTargets = ["Test", "Deploy"], ImportSecrets = ["RegistryPassword"],
///     DeployTargets = ["Deploy"], Environment = "production", EnvironmentUrl = "https://example.org", TimeoutMinutes = 45)]
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class GitLabCIAttribute : Attribute
{
    /// <summary>Branch pipelines for these branches (<c>*</c> within a segment, <c>**</c> across <c>/</c>).</summary>
    public string[] OnBranches { get; set; } = [];

    /// <summary>Tag pipelines for these tags (same patterns as <see cref="OnBranches"/>).</summary>
    public string[] OnTags { get; set; } = [];

    /// <summary>Merge request pipelines (instead of a second branch pipeline for the same push).</summary>
    public bool OnMergeRequests { get; set; }

    /// <summary>Only merge requests into these branches; empty: into any branch.</summary>
    public string[] OnMergeRequestTargetBranches { get; set; } = [];

    /// <summary>Pipelines started by hand (Run pipeline) and by pipeline schedules (the schedule itself is set in GitLab).</summary>
    public bool OnWeb { get; set; }

    public bool OnSchedule { get; set; }

    /// <summary>The targets to run, each in its own job (by name, as on the command line).</summary>
    public string[] InvokedTargets { get; set; } = [];

    /// <summary>Parameter names read from masked CI/CD variables of the same name as their environment variable.</summary>
    public string[] ImportSecrets { get; set; } = [];

    /// <summary>Parameter names offered as variables of a manual pipeline (empty by default, so the parameter keeps its own default).</summary>
    public string[] Inputs { get; set; } = [];

    /// <summary>Invoked targets whose jobs deploy: they get <c>environment:</c>, a <c>resource_group:</c> and are never interrupted.</summary>
    public string[] DeployTargets { get; set; } = [];

    /// <summary>Deploy jobs run only in pipelines for these tags (or started by hand, with <see cref="DeployManually"/>); neither: in every pipeline.</summary>
    public string[] DeployOnTags { get; set; } = [];

    public bool DeployManually { get; set; }

    public string? Environment { get; set; }

    public string? EnvironmentUrl { get; set; }

    /// <summary>Minutes after which a job is cancelled; 0 leaves the project's default.</summary>
    public int TimeoutMinutes { get; set; }

    /// <summary>Jobs of an older pipeline are cancelled when a newer one starts (deploy jobs never are).</summary>
    public bool Interruptible { get; set; } = true;

    /// <summary>The jobs' image for Docker runners; null writes none (shell runners).</summary>
    public string? Image { get; set; } = "mcr.microsoft.com/dotnet/sdk:10.0";

    /// <summary>Runner tags every job asks for.</summary>
    public string[] Tags { get; set; } = [];

    /// <summary>Files whose contents key the NuGet cache; GitLab allows at most two and no wildcards.</summary>
    public string[] CacheKeyFiles { get; set; } = ["Directory.Packages.props", "global.json"];

    /// <summary>JUnit XML files GitLab reads as test reports (from the jobs that produce them).</summary>
    public string[] JUnitReports { get; set; } = [];
}
