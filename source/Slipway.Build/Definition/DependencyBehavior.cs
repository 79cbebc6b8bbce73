namespace Slipway.Build.Definition;

/// <summary>What happens to a skipped target's dependencies that nothing else in the plan needs.</summary>
public enum DependencyBehavior
{
    /// <summary>Skip them too ("skipped because of X").</summary>
    Skip,

    /// <summary>Run them anyway.</summary>
    Execute,
}
