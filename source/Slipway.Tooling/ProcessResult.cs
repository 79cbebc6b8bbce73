namespace Slipway.Tooling;

/// <summary>How a process ended: its exit code and what it wrote, secrets redacted.</summary>
/// <param name="ExitCode">The exit code; 0 is success.</param>
/// <param name="Output">Every line of standard output and standard error, in the order they arrived.</param>
/// <param name="StandardOutput">The lines of standard output only.</param>
public sealed record ProcessResult(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> StandardOutput)
{
    public bool Succeeded => ExitCode == 0;
}
