using Serilog;

namespace Slipway.Tooling;

/// <summary>Runs git in a checkout, quietly: the command is logged, its output is not.</summary>
public static class Git
{
    /// <summary>The standard output lines of <c>git <paramref name="arguments"/></c>; throws <see cref="ProcessFailedException"/> when git fails.</summary>
    /// <example><code>await Git.RunAsync(repository, ["tag", "v1.4.0"]);</code></example>
    public static async Task<IReadOnlyList<string>> RunAsync(
        string repositoryDirectory, IEnumerable<string> arguments, ILogger? log = null, CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        var result = await ProcessTasks.TryRunAsync("git", args, repositoryDirectory, logOutput: false, log: log, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
            return result.StandardOutput;
        var tail = result.Output.TakeLast(10).ToList();
        throw new ProcessFailedException(
            $"'{ProcessTasks.Describe("git", args)}' in '{repositoryDirectory}' exited with code {result.ExitCode}: {string.Join(Environment.NewLine, tail)}",
            result.ExitCode,
            tail);
    }

    /// <summary>
    /// The first line git writes to standard output, trimmed; null when git fails (e.g. the directory is not a repository,
    /// or HEAD has no tag) or writes nothing. Throws <see cref="ProcessFailedException"/> only when git is not installed.
    /// </summary>
    /// <example><code>var commit = await Git.TryRunAsync(RootDirectory, ["rev-parse", "HEAD"]);</code></example>
    public static async Task<string?> TryRunAsync(
        string repositoryDirectory, IEnumerable<string> arguments, ILogger? log = null, CancellationToken cancellationToken = default)
    {
        var result = await ProcessTasks.TryRunAsync("git", arguments, repositoryDirectory, logOutput: false, log: log, cancellationToken: cancellationToken).ConfigureAwait(false);
        var first = result.Succeeded ? result.StandardOutput.FirstOrDefault()?.Trim() : null;
        return string.IsNullOrEmpty(first) ? null : first;
    }
}
