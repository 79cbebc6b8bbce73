using Slipway.Build.Definition;
using Slipway.Build.Planning;

namespace Slipway.Build.Ci;

/// <summary>Splits a plan into a job per invoked target, <c>needs</c> following the target graph.</summary>
internal static class TargetJobs
{
    /// <param name="sharedWorkspace">
    /// True when the jobs run one after another in one workspace (Jenkins stages): a job skips everything its needed jobs ran.
    /// False when each job starts from a fresh checkout (GitLab): it skips only the targets whose <c>Produces</c> it receives
    /// as artifacts and runs the rest again (restore, compile and machine set-up leave nothing a later job could download).
    /// </param>
    public static IReadOnlyList<TargetJob> Of(ExecutionPlan plan, IReadOnlyList<ExecutableTarget> targets, bool sharedWorkspace)
    {
        var order = plan.Ordered.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        var invoked = plan.Ordered.Where(plan.Invoked.Contains).ToList();
        var jobs = new Dictionary<ExecutableTarget, TargetJob>();
        foreach (var target in invoked)
        {
            var ancestors = Ancestors(plan, target);
            var needs = invoked.Where(ancestors.Contains).Select(t => jobs[t]).ToList();
            var closure = Planner.Plan(targets, [target]).Ordered;
            var ranBefore = needs.SelectMany(n => Planner.Plan(targets, [n.Target]).Ordered).ToHashSet();
            var skips = closure
                .Where(t => t != target && !t.IsCollective && ranBefore.Contains(t) && (sharedWorkspace || t.Produces.Count > 0))
                .OrderBy(t => order.GetValueOrDefault(t, int.MaxValue))
                .ToList();
            var runs = closure.Where(t => !skips.Contains(t)).ToList();
            jobs[target] = new TargetJob(target, needs, runs, skips, needs.Count == 0 ? 1 : needs.Max(n => n.Stage) + 1);
        }

        return invoked.Select(t => jobs[t]).ToList();
    }

    /// <summary>Every planned target that must finish before <paramref name="target"/> (dependencies, ordering, triggers).</summary>
    private static HashSet<ExecutableTarget> Ancestors(ExecutionPlan plan, ExecutableTarget target)
    {
        var ancestors = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(plan.Predecessors(target));
        while (pending.TryPop(out var next))
        {
            if (ancestors.Add(next))
                foreach (var further in plan.Predecessors(next))
                    pending.Push(further);
        }

        return ancestors;
    }
}
