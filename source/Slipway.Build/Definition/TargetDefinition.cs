using System.Linq.Expressions;

namespace Slipway.Build.Definition;

internal sealed class TargetDefinition : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Func<CancellationToken, Task>> Actions { get; } = [];
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> DependentForTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<TargetCondition> StaticConditions { get; } = [];
    public List<TargetCondition> DynamicConditions { get; } = [];
    public List<TargetRequirement> Requirements { get; } = [];
    public List<string> ProducedGlobs { get; } = [];
    public List<string> InputGlobs { get; } = [];
    public List<string> OutputGlobs { get; } = [];
    public List<Func<CancellationToken, Task<bool>>> UpToDateChecks { get; } = [];
    public DependencyBehavior DependencyBehavior { get; private set; } = DependencyBehavior.Skip;
    public bool IsProceedAfterFailure { get; private set; }
    public bool IsAssuredAfterFailure { get; private set; }
    public bool IsUnlisted { get; private set; }

    public ITargetDefinition Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(_ =>
        {
            action();
            return Task.CompletedTask;
        });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action)
    {
        Actions.Add(_ => action());
        return this;
    }

    public ITargetDefinition Executes(Func<CancellationToken, Task> action)
    {
        Actions.Add(action);
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets) => Add(DependsOnTargets, targets);

    public ITargetDefinition DependentFor(params Target[] targets) => Add(DependentForTargets, targets);

    public ITargetDefinition Before(params Target[] targets) => Add(BeforeTargets, targets);

    public ITargetDefinition After(params Target[] targets) => Add(AfterTargets, targets);

    public ITargetDefinition Triggers(params Target[] targets) => Add(TriggersTargets, targets);

    public ITargetDefinition TriggeredBy(params Target[] targets) => Add(TriggeredByTargets, targets);

    public ITargetDefinition OnlyWhenStatic(Expression<Func<bool>> condition, string? text = null)
    {
        StaticConditions.Add(TargetCondition.From(condition, text));
        return this;
    }

    public ITargetDefinition OnlyWhenDynamic(Expression<Func<bool>> condition, string? text = null)
    {
        DynamicConditions.Add(TargetCondition.From(condition, text));
        return this;
    }

    public ITargetDefinition WhenSkipped(DependencyBehavior dependencyBehavior)
    {
        DependencyBehavior = dependencyBehavior;
        return this;
    }

    public ITargetDefinition Requires<T>(Expression<Func<T>> member, string? text = null)
    {
        var read = member.Compile();
        var name = ExpressionText.MemberName(member);
        Requirements.Add(new TargetRequirement(
            () => read() switch
            {
                null => false,
                string s => !string.IsNullOrWhiteSpace(s),
                _ => true,
            },
            name ?? ExpressionText.Of(member, text),
            name));
        return this;
    }

    public ITargetDefinition Requires(Expression<Func<bool>> condition, string? text = null)
    {
        var requirement = TargetCondition.From(condition, text);
        Requirements.Add(new TargetRequirement(requirement.Evaluate, requirement.Text, MemberName: null));
        return this;
    }

    public ITargetDefinition ProceedAfterFailure()
    {
        IsProceedAfterFailure = true;
        return this;
    }

    public ITargetDefinition AssuredAfterFailure()
    {
        IsAssuredAfterFailure = true;
        return this;
    }

    public ITargetDefinition Unlisted()
    {
        IsUnlisted = true;
        return this;
    }

    public ITargetDefinition Produces(params string[] globs)
    {
        ProducedGlobs.AddRange(globs);
        return this;
    }

    public ITargetDefinition Inputs(params string[] globs)
    {
        InputGlobs.AddRange(globs);
        return this;
    }

    public ITargetDefinition Outputs(params string[] globs)
    {
        OutputGlobs.AddRange(globs);
        return this;
    }

    public ITargetDefinition UpToDateWhen(Func<CancellationToken, Task<bool>> outputsStillExist)
    {
        UpToDateChecks.Add(outputsStillExist);
        return this;
    }

    private TargetDefinition Add(List<Target> list, Target[] targets)
    {
        list.AddRange(targets);
        return this;
    }
}
