using Slipway.Build.Definition;
using Slipway.Build.Execution;
using Slipway.Build.Parameters;

namespace Slipway.Build.Planning;

/// <summary>Resolves target names case- and dash-insensitively ("container-image" = "ContainerImage").</summary>
public static class TargetNames
{
    public static IReadOnlyList<ExecutableTarget> Resolve(IReadOnlyList<ExecutableTarget> targets, IEnumerable<string> names, string what)
    {
        var problems = new List<string>();
        var found = new List<ExecutableTarget>();
        foreach (var name in names)
        {
            var key = ParameterNames.Key(name);
            var target = targets.FirstOrDefault(t => ParameterNames.Key(t.Name) == key);
            if (target is null)
            {
                var listed = targets.Where(t => t.IsListed).Select(t => t.Name).ToList();
                var nearest = NearestMatch.Find(name, targets.Select(t => t.Name));
                problems.Add($"{what} '{name}' does not exist." +
                    (nearest is null ? string.Empty : $" Did you mean '{nearest}'?") +
                    $" Available targets are: {string.Join(", ", listed)}.");
            }
            else if (!found.Contains(target))
            {
                found.Add(target);
            }
        }

        if (problems.Count > 0)
            throw new BuildUsageException(string.Join(Environment.NewLine, problems));
        return found;
    }
}
