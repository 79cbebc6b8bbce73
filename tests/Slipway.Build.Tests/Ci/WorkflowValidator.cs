using System.Diagnostics;
using System.Text.Json;

namespace Slipway.Build.Tests.Ci;

/// <summary>
/// Runs tests/workflow-validator/validate.mjs (GitHub's @actions/workflow-parser) with node. Installs its locked packages
/// with <c>npm ci</c> once when node_modules is missing or holds another version of the parser. An xUnit class fixture.
/// </summary>
public sealed class WorkflowValidator
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public WorkflowValidator()
    {
        Folder = FindFolder();
        InstallLock.Wait();
        try
        {
            if (InstalledVersion() != PinnedVersion())
            {
                var install = Run("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
                if (install.ExitCode != 0)
                    throw new InvalidOperationException($"'npm ci' in {Folder} failed with exit code {install.ExitCode}:\n{install.Output}\nInstall Node 20+ and npm, and make the npm registry reachable.");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public string Folder { get; }

    /// <summary>Validates the files; the exit code is 0 only when all are valid, the output holds every error.</summary>
    public (int ExitCode, string Output) Validate(params string[] files) =>
        Run("node", ["validate.mjs", .. files], TimeSpan.FromMinutes(2));

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

    private (int ExitCode, string Output) Run(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start '{fileName}'. Install Node 20+ (node and npm on PATH).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout}.");
        }

        return (process.ExitCode, output.Result + error.Result);
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
