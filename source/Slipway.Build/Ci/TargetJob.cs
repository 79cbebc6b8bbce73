using Slipway.Build.Definition;

namespace Slipway.Build.Ci;

/// <summary>
/// One CI job (GitLab) or stage (Jenkins) that runs an invoked target: the jobs it needs (transitively), the targets it runs itself,
/// those it skips because a needed job ran them, and its stage (1 + the latest stage it needs).
/// </summary>
internal sealed record TargetJob(ExecutableTarget Target, IReadOnlyList<TargetJob> Needs, IReadOnlyList<ExecutableTarget> Runs, IReadOnlyList<ExecutableTarget> Skips, int Stage)
{
    public string Name => Target.Name;

    /// <summary>What the job runs on the command line.</summary>
    public string Command => "./build.sh " + Target.Name + (Skips.Count > 0 ? " --skip " + string.Join(' ', Skips.Select(t => t.Name)) : string.Empty);

    /// <summary>The paths the job's own targets produce, in plan order.</summary>
    public IReadOnlyList<string> Produces => Runs.Where(t => !t.IsCollective).SelectMany(t => t.Produces).Distinct().ToList();
}
