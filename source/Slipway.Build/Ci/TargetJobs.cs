using Slipway.Build.Definition;
using Slipway.Build.Planning;

namespace Slipway.Build.Ci;

/// <summary>
/// Splits a plan into a job per invoked target, in plan order. A job needs the earlier jobs whose targets must finish
/// before its own, and those that run a producing target it would otherwise run again; its needs include theirs, so
/// every artifact it relies on is downloaded.
/// </summary>
internal static class TargetJobs
{
    /// <param name="sharedWorkspace">
    /// True when the jobs run one after another in one workspace (Jenkins stages): a job skips everything earlier jobs ran.
    /// False when each job starts from a fresh checkout (GitLab): it skips only the targets whose <c>Produces</c> it receives
    /// as artifacts and runs the rest again (restore, compile and machine set-up leave nothing a later job could download).
    /// </param>
    public static IReadOnlyList<TargetJob> Of(ExecutionPlan plan, IReadOnlyList<ExecutableTarget> targets, bool sharedWorkspace)
    {
        var order = plan.Ordered.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        var invoked = plan.Ordered.Where(plan.Invoked.Contains).ToList();
        var jobs = new Dictionary<ExecutableTarget, TargetJob>();
        var closures = invoked.ToDictionary(t => t, t => Planner.Plan(targets, [t]).Ordered);
        foreach (var target in invoked)
        {
            var ancestors = Ancestors(plan, target);
            var closure = closures[target];
            // an earlier job is needed when its target must finish first, or when it runs a target that produces files
            // this job would otherwise produce again and no job needed so far hands over
            var earlier = invoked.TakeWhile(t => t != target).ToList();
            var needed = new HashSet<ExecutableTarget>();
            var covered = new HashSet<ExecutableTarget>();
            void Need(ExecutableTarget job)
            {
                foreach (var further in jobs[job].Needs.Select(n => n.Target).Append(job))
                {
                    if (needed.Add(further))
                        covered.UnionWith(closures[further]);
                }
            }

            foreach (var ancestor in earlier.Where(ancestors.Contains))
                Need(ancestor);
            foreach (var other in earlier.Where(t => !needed.Contains(t)))
            {
                if (closures[other].Any(shared => !shared.IsCollective && shared.Produces.Count > 0 && closure.Contains(shared) && !covered.Contains(shared)))
                    Need(other);
            }

            var needs = invoked.Where(needed.Contains).Select(t => jobs[t]).ToList();
            // stages in one workspace run one after another, so everything an earlier one ran is there
            var ranBefore = (sharedWorkspace ? earlier : needs.Select(n => n.Target)).SelectMany(t => closures[t]).ToHashSet();
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
