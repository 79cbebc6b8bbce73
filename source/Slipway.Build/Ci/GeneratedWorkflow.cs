namespace Slipway.Build.Ci;

/// <summary>A workflow rendered from one <see cref="GitHubActionsAttribute"/>: its path below the root (forward slashes) and its text.</summary>
public sealed record GeneratedWorkflow(string Name, string RelativePath, string Content);
