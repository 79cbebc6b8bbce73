namespace Slipway.Build.Ci;

/// <summary>
/// Declares a GitHub Actions workflow, written to <c>.github/workflows/&lt;name&gt;.yml</c> by <c>./build.sh --generate-ci</c>:
/// <code>
/// [GitHubActions("ci", OnPushBranches = ["main"], OnPullRequestBranches = ["main"], InvokedTargets = ["Test"],
///     ImportSecrets = ["NuGetApiKey"], Permissions = ["contents: read"], TimeoutMinutes = 30)]
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class GitHubActionsAttribute(string name) : Attribute
{
    /// <summary>The workflow's name and file name (letters, digits, '.', '-', '_').</summary>
    public string Name { get; } = name;

    /// <summary>Events without filters; events with filters are implied by the <c>OnPush…</c>/<c>OnPullRequest…</c> properties.</summary>
    public GitHubActionsTrigger[] On { get; set; } = [];

    public string[] OnPushBranches { get; set; } = [];
    public string[] OnPushBranchesIgnore { get; set; } = [];
    public string[] OnPushTags { get; set; } = [];
    public string[] OnPushTagsIgnore { get; set; } = [];
    public string[] OnPushIncludePaths { get; set; } = [];
    public string[] OnPushExcludePaths { get; set; } = [];

    public string[] OnPullRequestBranches { get; set; } = [];
    public string[] OnPullRequestBranchesIgnore { get; set; } = [];
    public string[] OnPullRequestIncludePaths { get; set; } = [];
    public string[] OnPullRequestExcludePaths { get; set; } = [];

    /// <summary>Parameter names offered as optional inputs of a manual run; each is handed to the build through its environment variable.</summary>
    public string[] OnWorkflowDispatchOptionalInputs { get; set; } = [];

    /// <summary>Parameter names a manual run must be given.</summary>
    public string[] OnWorkflowDispatchRequiredInputs { get; set; } = [];

    /// <summary>A cron expression (five fields, UTC), e.g. <c>"0 3 * * 1-5"</c>.</summary>
    public string? OnCronSchedule { get; set; }

    /// <summary>The targets to run (by name, as on the command line).</summary>
    public string[] InvokedTargets { get; set; } = [];

    /// <summary>
    /// Parameter profiles every run step reads (<c>--profile</c>): <c>"kubernetes"</c> is <c>.nuke/parameters.kubernetes.json</c>,
    /// so a workflow can fix parameters such as the backend without an input.
    /// </summary>
    public string[] Profiles { get; set; } = [];

    /// <summary>Parameter names read from repository secrets: <c>NuGetApiKey</c> → <c>NUGET_API_KEY: ${{ secrets.NUGET_API_KEY }}</c>.</summary>
    public string[] ImportSecrets { get; set; } = [];

    /// <summary>The workflow token's permissions as <c>"scope: level"</c>, e.g. <c>"contents: read"</c>, <c>"deployments: write"</c>.</summary>
    public string[] Permissions { get; set; } = [];

    /// <summary>Runs sharing a group wait for each other; default with <see cref="ConcurrencyCancelInProgress"/>: one per workflow and ref.</summary>
    public string? ConcurrencyGroup { get; set; }

    public bool ConcurrencyCancelInProgress { get; set; }

    /// <summary>Minutes after which a job is cancelled; 0 leaves GitHub's default (360).</summary>
    public int TimeoutMinutes { get; set; }

    /// <summary>Runner images; more than one becomes a <c>strategy.matrix</c> over <c>os</c>.</summary>
    public string[] RunsOn { get; set; } = ["ubuntu-latest"];

    /// <summary>Commits to fetch; 0 fetches the whole history (needed for versioning from tags).</summary>
    public int FetchDepth { get; set; } = 1;

    /// <summary>One job per planned target, <c>needs:</c> following the target graph and artifacts handed between jobs.</summary>
    public bool MultiJob { get; set; }

    /// <summary>
    /// One job per invoked target, as on GitLab: <c>needs:</c> from the target graph, the files of the targets a needed
    /// job ran handed over as artifacts (those targets are skipped), everything else run again in the job.
    /// </summary>
    public bool JobPerInvokedTarget { get; set; }

    /// <summary>Files whose contents key the package cache.</summary>
    public string[] CacheKeyFiles { get; set; } = ["**/*.csproj", "Directory.Packages.props", "global.json"];

    /// <summary>Folders kept between runs.</summary>
    public string[] CachePaths { get; set; } = ["~/.nuget/packages", ".nuke/temp"];
}
