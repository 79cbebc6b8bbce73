using Slipway.Build.Definition;
using Slipway.Build.Execution;

namespace Slipway.Build.Planning;

/// <summary>Rejects cycles through DependsOn, After, Before and Triggers before anything runs, every one in one message.</summary>
public static class GraphValidator
{
    public static void Validate(IReadOnlyList<ExecutableTarget> targets)
    {
        var cycles = new List<string>();
        var seen = new HashSet<string>();
        var state = new Dictionary<ExecutableTarget, int>();
        var stack = new List<ExecutableTarget>();

        void Visit(ExecutableTarget target)
        {
            state[target] = 1;
            stack.Add(target);
            foreach (var next in Edges(target, targets))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    var path = stack.Skip(stack.IndexOf(next)).Append(next).Select(t => t.Name).ToList();
                    var key = string.Join(",", path.Take(path.Count - 1).Order());
                    if (seen.Add(key))
                        cycles.Add(string.Join(" -> ", path));
                }
                else if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[target] = 2;
        }

        foreach (var target in targets)
        {
            if (state.GetValueOrDefault(target) == 0)
                Visit(target);
        }

        if (cycles.Count > 0)
        {
            throw new BuildUsageException(
                $"The target graph has {(cycles.Count == 1 ? "a cycle" : $"{cycles.Count} cycles")} (through DependsOn, After, Before or Triggers):" +
                Environment.NewLine + string.Join(Environment.NewLine, cycles.Select(c => "  " + c)) + Environment.NewLine +
                "Remove one of the relations in each cycle.");
        }
    }

    /// <summary>From a target to every target that must come before it.</summary>
    private static IEnumerable<ExecutableTarget> Edges(ExecutableTarget target, IReadOnlyList<ExecutableTarget> all) =>
        target.Dependencies
            .Concat(target.OrderedAfter)
            .Concat(all.Where(t => t.Triggers.Contains(target)));
}
