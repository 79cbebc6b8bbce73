namespace Slipway.Build.Execution;

/// <summary>A target's condition or requirement threw; the build fails naming the target.</summary>
public sealed class TargetConditionException(string message, Exception inner) : Exception(message, inner);
