using Serilog;

namespace Slipway.Tooling;

public static partial class ProcessTasks
{
    /// <summary>
    /// Runs <paramref name="executable"/> and hands its standard output, unbuffered, to <paramref name="readOutputAsync"/>
    /// (e.g. a tar stream into an image import). Returns the standard error lines; throws <see cref="ProcessFailedException"/>
    /// when it cannot start or exits non-zero. When the reader throws, the process is killed and the reader's exception propagates.
    /// </summary>
    /// <example><code>await ProcessTasks.RunWithOutputStreamAsync("mmdebstrap", arguments, (tar, token) => ImportAsync(tar, token), logOutput: false);</code></example>
    public static async Task<IReadOnlyList<string>> RunWithOutputStreamAsync(
        string executable,
        IEnumerable<string> arguments,
        Func<Stream, CancellationToken, Task> readOutputAsync,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool logOutput = true,
        ILogger? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readOutputAsync);
        var args = arguments.ToList();
        var result = await ExecuteAsync(executable, args, workingDirectory, environment, logOutput, log, readOutputAsync, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(executable, args, result);
        return result.Output;
    }
}
