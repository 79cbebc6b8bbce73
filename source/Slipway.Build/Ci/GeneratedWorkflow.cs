namespace Slipway.Build.Ci;

/// <summary>
/// A CI file rendered from one attribute: its name, its path below the root (forward slashes), its text, and the
/// attribute that declares it as written in messages (<c>[GitHubActions("ci")]</c>, <c>[GitLabCI]</c>, <c>[Jenkins]</c>).
/// </summary>
public sealed record GeneratedWorkflow(string Name, string RelativePath, string Content, string Declaration);
