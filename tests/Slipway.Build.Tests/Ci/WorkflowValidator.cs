using System.Text.Json;
using Json.Schema;
using Slipway.Tooling;

namespace Slipway.Build.Tests.Ci;

/// <summary>
/// The CI systems' own tools from tests/workflow-validator: validate.mjs (GitHub's @actions/workflow-parser), GitLab's CI
/// JSON schema and gitlab-ci-local, npm-groovy-lint for Jenkinsfiles. Installs the locked packages with <c>npm ci</c> once
/// when node_modules is missing or holds another version of any of them. An xUnit class fixture.
/// </summary>
public sealed class WorkflowValidator : IAsyncLifetime
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static JsonSchema? _gitLabSchema;

    public string Folder { get; } = FindFolder();

    public async Task InitializeAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Pinned().Any(p => InstalledVersion(p.Name) != p.Version))
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

    /// <summary>GitLab's CI schema as gitlab-ci-local ships it (gitlab-schema.mjs prints it).</summary>
    public async Task<JsonSchema> GitLabSchemaAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (_gitLabSchema is not null)
                return _gitLabSchema;
            var (exitCode, output) = await RunAsync("node", ["gitlab-schema.mjs"], TimeSpan.FromMinutes(1));
            if (exitCode != 0)
                throw new InvalidOperationException($"'node gitlab-schema.mjs' failed with exit code {exitCode}:\n{output}");
            // the schema has an $id, which may be registered once per process
            return _gitLabSchema = JsonSchema.FromText(output);
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Lints the files with npm-groovy-lint (CodeNarc on Java); exit code 1 when any has an error, the output its JSON report.</summary>
    public Task<(int ExitCode, string Output)> LintGroovyAsync(params string[] files) =>
        RunAsync(Path.Combine(Folder, "node_modules", ".bin", "npm-groovy-lint"), ["--noserver", "--failon", "error", "--loglevel", "error", "--output", "json", .. files], TimeSpan.FromMinutes(4));

    /// <summary>Runs the .gitlab-ci.yml of the git repository <paramref name="repository"/> with gitlab-ci-local.</summary>
    public Task<(int ExitCode, string Output)> RunGitLabPipelineAsync(string repository, params string[] arguments) =>
        RunAsync(Path.Combine(Folder, "node_modules", ".bin", "gitlab-ci-local"), arguments, TimeSpan.FromMinutes(4), repository);

    private IEnumerable<(string Name, string? Version)> Pinned()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "package.json")));
        return document.RootElement.GetProperty("dependencies").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToList();
    }

    private string? InstalledVersion(string package) =>
        Version(Path.Combine([Folder, "node_modules", .. package.Split('/'), "package.json"]), "version");

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

    private async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var result = await ProcessTasks.TryRunAsync(fileName, arguments, workingDirectory ?? Folder, logOutput: false, cancellationToken: deadline.Token);
            return (result.ExitCode, string.Join('\n', result.Output));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout}.");
        }
        catch (ProcessFailedException exception)
        {
            throw new InvalidOperationException($"{exception.Message} Install Node 20+ (node and npm on PATH) and Java 17 (java on PATH); ./build.sh TestTools installs them.", exception);
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
