using System.Globalization;
using Serilog;

namespace Slipway.Tooling;

public static partial class ProcessTasks
{
    // setsid in a throw-away shell: the program gets its own session and outlives the process that started it.
    private const string DetachScript = "log=\"$1\"; shift; setsid \"$@\" >>\"$log\" 2>&1 </dev/null & echo $!";

    /// <summary>
    /// Starts <paramref name="executable"/> in the background, detached from this process (its own session, standard input
    /// from /dev/null, output appended to <paramref name="logPath"/>), so it keeps running after this process ends.
    /// Returns its process id once it has been launched; it does not wait for the program to be ready.
    /// </summary>
    /// <example><code>var pid = await ProcessTasks.StartDetachedAsync("/usr/sbin/dockerd", ["-H", "unix:///run/docker.sock"], "artifacts/logs/dockerd.log");</code></example>
    public static async Task<int> StartDetachedAsync(
        string executable,
        IEnumerable<string> arguments,
        string logPath,
        IReadOnlyDictionary<string, string?>? environment = null,
        ILogger? log = null,
        CancellationToken cancellationToken = default)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException($"Starting '{executable}' detached needs /bin/sh and setsid; run it on Linux or macOS.");
        ArgumentException.ThrowIfNullOrWhiteSpace(logPath);
        var output = await RunAsync("/bin/sh", ["-c", DetachScript, "sh", logPath, executable, .. arguments], environment: environment, logOutput: false, log: log, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return output.Count > 0 && int.TryParse(output[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
            ? processId
            : throw new ProcessFailedException($"Started '{executable}' detached, but the shell did not report its process id (it wrote: {string.Join(" / ", output)}).", 0, output);
    }
}
