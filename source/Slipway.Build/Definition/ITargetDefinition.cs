using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Slipway.Build.Definition;

/// <summary>The fluent definition of a target, in NUKE's shape.</summary>
public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);

    /// <summary>An asynchronous action; the token is cancelled by Ctrl+C.</summary>
    ITargetDefinition Executes(Func<CancellationToken, Task> action);

    ITargetDefinition DependsOn(params Target[] targets);

    ITargetDefinition DependentFor(params Target[] targets);

    ITargetDefinition Before(params Target[] targets);

    ITargetDefinition After(params Target[] targets);

    ITargetDefinition Triggers(params Target[] targets);

    ITargetDefinition TriggeredBy(params Target[] targets);

    ITargetDefinition OnlyWhenStatic(Expression<Func<bool>> condition, [CallerArgumentExpression(nameof(condition))] string? text = null);

    ITargetDefinition OnlyWhenDynamic(Expression<Func<bool>> condition, [CallerArgumentExpression(nameof(condition))] string? text = null);

    ITargetDefinition WhenSkipped(DependencyBehavior dependencyBehavior);

    /// <summary>Requires a member (usually a parameter) to have a value before any target runs.</summary>
    ITargetDefinition Requires<T>(Expression<Func<T>> member, [CallerArgumentExpression(nameof(member))] string? text = null);

    /// <summary>Requires a condition to hold before any target runs.</summary>
    ITargetDefinition Requires(Expression<Func<bool>> condition, [CallerArgumentExpression(nameof(condition))] string? text = null);

    ITargetDefinition ProceedAfterFailure();

    ITargetDefinition AssuredAfterFailure();

    ITargetDefinition Unlisted();

    /// <summary>Globs (relative to the root) of what the target produces; CI uploads them as artifacts.</summary>
    ITargetDefinition Produces(params string[] globs);

    /// <summary>Globs (relative to the root) of the files the target reads; with <see cref="Outputs"/> the target becomes incremental.</summary>
    ITargetDefinition Inputs(params string[] globs);

    /// <summary>Globs (relative to the root) of what the target writes; all must exist for the target to be up to date.</summary>
    ITargetDefinition Outputs(params string[] globs);

    /// <summary>An extra up-to-date check for outputs that are not files (an image in an engine, a deployment).</summary>
    ITargetDefinition UpToDateWhen(Func<CancellationToken, Task<bool>> outputsStillExist);
}
