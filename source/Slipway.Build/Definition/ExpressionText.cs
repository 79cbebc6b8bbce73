using System.Linq.Expressions;
using System.Text.RegularExpressions;

namespace Slipway.Build.Definition;

internal static partial class ExpressionText
{
    /// <summary>The lambda's body as written ("Flag &amp;&amp; Other"), falling back to the expression tree.</summary>
    public static string Of(LambdaExpression expression, string? callerText)
    {
        var text = string.IsNullOrWhiteSpace(callerText) ? Cleaned(expression.Body.ToString()) : callerText.Trim();
        var arrow = text.IndexOf("=>", StringComparison.Ordinal);
        if (arrow >= 0 && text[..arrow].Trim() is "()" or "_")
            text = text[(arrow + 2)..].Trim();
        return WhiteSpace().Replace(text, " ");
    }

    public static string? MemberName(LambdaExpression expression) =>
        expression.Body is UnaryExpression { NodeType: ExpressionType.Convert, Operand: MemberExpression converted }
            ? converted.Member.Name
            : (expression.Body as MemberExpression)?.Member.Name;

    private static string Cleaned(string text) => Closure().Replace(text, string.Empty)
        .Replace(" AndAlso ", " && ", StringComparison.Ordinal)
        .Replace(" OrElse ", " || ", StringComparison.Ordinal);

    [GeneratedRegex(@"value\([^)]*\)\.")]
    private static partial Regex Closure();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
