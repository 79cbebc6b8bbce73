using System.Text.Json;
using Slipway.Tooling;

namespace Slipway.Build.Tests.Ci;

/// <summary>
/// Runs tests/workflow-validator/validate.mjs (GitHub's @actions/workflow-parser) with node. Installs its locked packages
/// with <c>npm ci</c> once when node_modules is missing or holds another version of the parser. An xUnit class fixture.
/// </summary>
public sealed class WorkflowValidator : IAsyncLifetime
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public string Folder { get; } = FindFolder();

    public async Task InitializeAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (InstalledVersion() != PinnedVersion())
            {
                var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
                if (install.ExitCode != 0)
                    throw new InvalidOperationException($"'npm ci' in {Folder} failed with exit code {install.ExitCode}:\n{install.Output}\nInstall Node 20+ and npm, and make the npm registry reachable.");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Validates the files; the exit code is 0 only when all are valid, the output holds every error.</summary>
    public Task<(int ExitCode, string Output)> ValidateAsync(params string[] files) =>
        RunAsync("node", ["validate.mjs", .. files], TimeSpan.FromMinutes(2));

    private string? PinnedVersion() => Version(Path.Combine(Folder, "package.json"), "dependencies", "@actions/workflow-parser");

    private string? InstalledVersion() => Version(Path.Combine(Folder, "node_modules", "@actions", "workflow-parser", "package.json"), "version");

    private static string? Version(string packageJson, params string[] path)
    {
        if (!File.Exists(packageJson))
            return null;
        using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
        var element = document.RootElement;
        foreach (var name in path)
        {
            if (!element.TryGetProperty(name, out element))
                return null;
        }

        return element.GetString();
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var result = await ProcessTasks.TryRunAsync(fileName, arguments, Folder, logOutput: false, cancellationToken: deadline.Token);
            return (result.ExitCode, string.Join('\n', result.Output));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout}.");
        }
        catch (ProcessFailedException exception)
        {
            throw new InvalidOperationException($"{exception.Message} Install Node 20+ (node and npm on PATH).", exception);
        }
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "workflow-validator");
            if (File.Exists(Path.Combine(candidate, "validate.mjs")))
                return candidate;
        }

        throw new DirectoryNotFoundException($"tests/workflow-validator/validate.mjs was not found above {AppContext.BaseDirectory}. Run the tests from the repository's build output.");
    }
}
