using System.Reflection;
using Slipway.Tooling.Records;

namespace Slipway.Build.Definition;

/// <summary>A target resolved from the build class: its definition, its relations and its run state.</summary>
public sealed class ExecutableTarget
{
    internal ExecutableTarget(string name, PropertyInfo member, TargetDefinition definition, int index, MethodInfo factoryMethod)
    {
        FactoryMethod = factoryMethod;
        Name = name;
        Member = member;
        Definition = definition;
        Index = index;
    }

    public string Name { get; }
    internal MethodInfo FactoryMethod { get; }
    public PropertyInfo Member { get; }
    internal TargetDefinition Definition { get; }
    public int Index { get; }

    public string? Description => Definition.DescriptionText;
    public bool IsCollective => Definition.Actions.Count == 0;
    public bool IsListed => !Definition.IsUnlisted;
    public bool IsProceedAfterFailure => Definition.IsProceedAfterFailure;
    public bool IsAssuredAfterFailure => Definition.IsAssuredAfterFailure;
    public DependencyBehavior DependencyBehavior => Definition.DependencyBehavior;
    public IReadOnlyList<string> Produces => Definition.ProducedGlobs;
    public IReadOnlyList<string> Inputs => Definition.InputGlobs;
    public IReadOnlyList<string> Outputs => Definition.OutputGlobs;
    public bool IsIncremental => Definition.InputGlobs.Count > 0 || Definition.OutputGlobs.Count > 0;

    /// <summary>Targets this one depends on (its own DependsOn plus others' DependentFor).</summary>
    public List<ExecutableTarget> Dependencies { get; } = [];

    /// <summary>Targets this one triggers (its own Triggers plus others' TriggeredBy).</summary>
    public List<ExecutableTarget> Triggers { get; } = [];

    /// <summary>Targets that must run before this one when both are planned (After, others' Before).</summary>
    public List<ExecutableTarget> OrderedAfter { get; } = [];

    public TargetStatus Status { get; internal set; }
    public string? SkipReason { get; internal set; }
    public Exception? Error { get; internal set; }
    public DateTimeOffset? StartedAt { get; internal set; }
    public TimeSpan Duration { get; internal set; }

    public override string ToString() => Name;
}
