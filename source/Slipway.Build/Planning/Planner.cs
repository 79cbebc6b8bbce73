using Slipway.Build.Definition;

namespace Slipway.Build.Planning;

/// <summary>
/// Plans a run: the invoked targets, what they depend on and what they trigger (transitively), ordered so that
/// dependencies, After/Before and triggers hold. Before/After never pull a target in.
/// </summary>
public static class Planner
{
    public static ExecutionPlan Plan(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ExecutableTarget> invoked)
    {
        GraphValidator.Validate(targets);

        var reasons = new Dictionary<ExecutableTarget, string>();
        var queue = new Queue<ExecutableTarget>();
        foreach (var target in invoked)
        {
            reasons[target] = "invoked";
            queue.Enqueue(target);
        }

        while (queue.Count > 0)
        {
            var target = queue.Dequeue();
            foreach (var dependency in target.Dependencies.Where(d => !reasons.ContainsKey(d)))
            {
                reasons[dependency] = $"dependency of {target.Name}";
                queue.Enqueue(dependency);
            }

            foreach (var triggered in target.Triggers.Where(t => !reasons.ContainsKey(t)))
            {
                reasons[triggered] = $"triggered by {target.Name}";
                queue.Enqueue(triggered);
            }
        }

        var ordered = new List<ExecutableTarget>();
        var visited = new HashSet<ExecutableTarget>();

        void Visit(ExecutableTarget target)
        {
            if (!visited.Add(target))
                return;
            foreach (var before in target.Dependencies
                         .Concat(target.OrderedAfter)
                         .Concat(targets.Where(t => t.Triggers.Contains(target)))
                         .Where(reasons.ContainsKey))
                Visit(before);
            ordered.Add(target);
        }

        foreach (var target in invoked)
            Visit(target);
        foreach (var target in targets.Where(reasons.ContainsKey))
            Visit(target);

        return new ExecutionPlan(targets, invoked, ordered, reasons);
    }
}
