using System.Linq.Expressions;

namespace Slipway.Build.Definition;

/// <summary>A condition with the source text it was written as, for skip reasons and errors.</summary>
public sealed record TargetCondition(Func<bool> Evaluate, string Text)
{
    internal static TargetCondition From(Expression<Func<bool>> expression, string? text) =>
        new(expression.Compile(), ExpressionText.Of(expression, text));
}
