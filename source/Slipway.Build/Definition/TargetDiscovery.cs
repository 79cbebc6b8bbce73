using System.Reflection;
using Slipway.Build.Execution;

namespace Slipway.Build.Definition;

internal static class TargetDiscovery
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.FlattenHierarchy;

    /// <summary>Finds every <see cref="Target"/> property of the build and resolves its relations by member reference.</summary>
    public static IReadOnlyList<ExecutableTarget> Discover(object build)
    {
        var properties = build.GetType().GetProperties(Members)
            .Where(p => p.PropertyType == typeof(Target) && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.DeclaringType == build.GetType() ? 1 : 0)
            .ThenBy(p => p.MetadataToken)
            .ToList();

        var targets = new List<ExecutableTarget>();
        var byMethod = new Dictionary<MethodInfo, ExecutableTarget>();
        foreach (var property in properties)
        {
            var factory = (Target?)property.GetValue(build)
                ?? throw new BuildUsageException($"Target '{property.Name}' returns null. Define it as 'Target {property.Name} => _ => _.Executes(...)'.");
            var defining = properties.FirstOrDefault(p => factory.Method.Name.Contains($"<get_{p.Name}>", StringComparison.Ordinal));
            if (byMethod.ContainsKey(factory.Method) || (defining is not null && defining != property))
                continue; // a property returning another property's target is an alias, not a target
            var definition = new TargetDefinition();
            factory(definition);
            var target = new ExecutableTarget(property.Name, property, definition, targets.Count, factory.Method);
            targets.Add(target);
            byMethod[factory.Method] = target;
        }

        ExecutableTarget Resolve(ExecutableTarget owner, Target reference) =>
            byMethod.TryGetValue(reference.Method, out var found)
                ? found
                : throw new BuildUsageException(
                    $"Target '{owner.Name}' refers to a target that is not a property of {build.GetType().Name}. " +
                    "Reference targets by their property, e.g. DependsOn(Compile).");

        foreach (var target in targets)
        {
            var d = target.Definition;
            foreach (var r in d.DependsOnTargets) AddOnce(target.Dependencies, Resolve(target, r));
            foreach (var r in d.DependentForTargets) AddOnce(Resolve(target, r).Dependencies, target);
            foreach (var r in d.TriggersTargets) AddOnce(target.Triggers, Resolve(target, r));
            foreach (var r in d.TriggeredByTargets) AddOnce(Resolve(target, r).Triggers, target);
            foreach (var r in d.AfterTargets) AddOnce(target.OrderedAfter, Resolve(target, r));
            foreach (var r in d.BeforeTargets) AddOnce(Resolve(target, r).OrderedAfter, target);
        }

        return targets;
    }

    /// <summary>The discovered target a member reference points at.</summary>
    public static ExecutableTarget Find(IReadOnlyList<ExecutableTarget> targets, Target reference) =>
        targets.FirstOrDefault(t => t.FactoryMethod == reference.Method)
        ?? throw new BuildUsageException("The default target is not a property of the build class.");

    private static void AddOnce(List<ExecutableTarget> list, ExecutableTarget item)
    {
        if (!list.Contains(item))
            list.Add(item);
    }
}
