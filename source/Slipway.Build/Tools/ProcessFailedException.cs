namespace Slipway.Build.Tools;

/// <summary>A process exited with a non-zero code; the message carries the command, the code and the last lines of output.</summary>
public sealed class ProcessFailedException(string message, int exitCode, IReadOnlyList<string> output) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
    public IReadOnlyList<string> Output { get; } = output;
}
