namespace Slipway.Build.Ci;

/// <summary>A workflow file that does not match the build's attributes: its path below the root and why.</summary>
public sealed record StaleWorkflow(string RelativePath, string Reason)
{
    public override string ToString() => $"{RelativePath} ({Reason})";
}
