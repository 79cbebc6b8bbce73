using Slipway.Build.Definition;
using Slipway.Build.Planning;
using Slipway.Tooling.Records;

namespace Slipway.Build.Execution;

/// <summary>Static skipping: --skip, OnlyWhenStatic, and the dependencies of skipped targets that nothing else needs.</summary>
internal static class SkipEvaluator
{
    /// <param name="skip">null: no --skip; empty: --skip with no value (everything not invoked); else the named targets.</param>
    public static void Apply(ExecutionPlan plan, IReadOnlyList<ExecutableTarget>? skip)
    {
        foreach (var target in plan.Ordered)
        {
            if (plan.Invoked.Contains(target))
                continue;
            if (skip is { Count: 0 } || skip?.Contains(target) == true)
                Skip(target, "skipped by --skip");
        }

        foreach (var target in plan.Ordered.Where(t => t.Status == TargetStatus.None))
        {
            var failed = FirstFalse(target, target.Definition.StaticConditions);
            if (failed is not null)
                Skip(target, $"OnlyWhen: {failed.Text}");
        }

        var conditionSkipped = plan.Ordered.Where(t => t.Status == TargetStatus.Skipped && t.SkipReason!.StartsWith("OnlyWhen", StringComparison.Ordinal)).ToHashSet();
        foreach (var target in plan.Ordered.Reverse())
        {
            if (target.Status != TargetStatus.None || plan.Invoked.Contains(target))
                continue;
            var needers = plan.Dependents(target).Concat(plan.Triggerers(target)).Distinct().ToList();
            if (needers.Count == 0)
                continue;
            var skippingNeeders = needers.Where(n => conditionSkipped.Contains(n) && (n.DependencyBehavior == DependencyBehavior.Skip || n.Triggers.Contains(target))).ToList();
            if (skippingNeeders.Count == needers.Count)
            {
                Skip(target, $"skipped because of {skippingNeeders[0].Name}");
                conditionSkipped.Add(target);
            }
        }
    }

    /// <summary>The first condition that is false, or null; a throwing condition fails the build naming the target.</summary>
    public static TargetCondition? FirstFalse(ExecutableTarget target, IEnumerable<TargetCondition> conditions)
    {
        foreach (var condition in conditions)
        {
            bool result;
            try
            {
                result = condition.Evaluate();
            }
            catch (Exception e)
            {
                throw new TargetConditionException($"Target '{target.Name}': its condition '{condition.Text}' threw {e.GetType().Name}: {e.Message}", e);
            }

            if (!result)
                return condition;
        }

        return null;
    }

    public static void Skip(ExecutableTarget target, string reason)
    {
        target.Status = TargetStatus.Skipped;
        target.SkipReason = reason;
    }
}
