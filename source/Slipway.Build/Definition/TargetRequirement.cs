namespace Slipway.Build.Definition;

/// <summary>What a target requires before the build starts: a member with a value, or a condition that holds.</summary>
public sealed record TargetRequirement(Func<bool> IsMet, string Text, string? MemberName);
