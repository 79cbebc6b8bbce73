namespace Slipway.Build.Parameters;

/// <summary>
/// Marks a field or property of the build as a parameter, set from (highest first) the command line
/// (<c>--kebab-case</c>), the environment (exact name, SCREAMING_SNAKE or SLIPWAY_ prefixed),
/// <c>.nuke/parameters.&lt;profile&gt;.json</c>, <c>.nuke/parameters.json</c>, or its initializer.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;

    /// <summary>The name to use instead of the member's name.</summary>
    public string? Name { get; init; }

    /// <summary>Separator for array values given as one token (default: comma).</summary>
    public char Separator { get; init; } = ',';
}
