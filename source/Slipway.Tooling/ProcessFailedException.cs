namespace Slipway.Tooling;

/// <summary>A process could not start or exited with a non-zero code; the message carries the command, the code and the last lines of output.</summary>
public sealed class ProcessFailedException(string message, int exitCode, IReadOnlyList<string> output, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The exit code, or -1 when the process could not start.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>The last lines of output (standard output and error, secrets redacted).</summary>
    public IReadOnlyList<string> Output { get; } = output;
}
