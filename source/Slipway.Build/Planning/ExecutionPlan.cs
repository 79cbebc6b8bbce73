using Slipway.Build.Definition;

namespace Slipway.Build.Planning;

/// <summary>The targets that will run, in order, with why each is in the plan.</summary>
public sealed class ExecutionPlan(
    IReadOnlyList<ExecutableTarget> allTargets,
    IReadOnlyList<ExecutableTarget> invoked,
    IReadOnlyList<ExecutableTarget> ordered,
    IReadOnlyDictionary<ExecutableTarget, string> reasons)
{
    public IReadOnlyList<ExecutableTarget> AllTargets { get; } = allTargets;
    public IReadOnlyList<ExecutableTarget> Invoked { get; } = invoked;
    public IReadOnlyList<ExecutableTarget> Ordered { get; } = ordered;
    public IReadOnlyDictionary<ExecutableTarget, string> Reasons { get; } = reasons;

    public bool Contains(ExecutableTarget target) => Reasons.ContainsKey(target);

    /// <summary>Planned targets that must finish before <paramref name="target"/> starts.</summary>
    public IEnumerable<ExecutableTarget> Predecessors(ExecutableTarget target) =>
        target.Dependencies
            .Concat(target.OrderedAfter)
            .Concat(Ordered.Where(t => t.Triggers.Contains(target)))
            .Where(Contains)
            .Distinct();

    /// <summary>Planned targets that depend on or are triggered by nothing but skipped targets need this one.</summary>
    public IEnumerable<ExecutableTarget> Dependents(ExecutableTarget target) =>
        Ordered.Where(t => t.Dependencies.Contains(target));

    public IEnumerable<ExecutableTarget> Triggerers(ExecutableTarget target) =>
        Ordered.Where(t => t.Triggers.Contains(target));
}
