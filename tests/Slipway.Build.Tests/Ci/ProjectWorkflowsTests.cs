using Slipway.Tooling;

namespace Slipway.Build.Tests.Ci;

/// <summary>The repository's own .github/workflows: generated from build/Build.cs, current, and accepted by GitHub's parser.</summary>
public sealed class ProjectWorkflowsTests(WorkflowValidator validator) : IClassFixture<WorkflowValidator>
{
    private static readonly string Root = FindRoot();

    [Fact]
    public async Task CommittedWorkflowsMatchTheBuildsAttributes()
    {
        var build = BuildAssembly();

        var (exitCode, output) = await RunAsync("dotnet", [build, "--generate-ci", "--check", "--root", Root, "--no-logo"]);

        exitCode.ShouldBe(0, $"The committed workflows are stale; run ./build.sh --generate-ci and commit .github/workflows.\n{output}");
    }

    [Fact]
    public async Task CommittedWorkflowsPassGitHubsParser()
    {
        var workflows = Directory.GetFiles(Path.Combine(Root, ".github", "workflows"), "*.yml");

        var (exitCode, output) = await validator.ValidateAsync(workflows);

        workflows.ShouldNotBeEmpty();
        exitCode.ShouldBe(0, output);
    }

    /// <summary>The build project compiled by the Compile target beside this test assembly's configuration.</summary>
    private static string BuildAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(Root, "build", "bin", configuration, "net10.0", "_build.dll");
        File.Exists(path).ShouldBeTrue($"The build project is not compiled at {path}; run ./build.sh Compile.");
        return path;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Solution.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("The tests do not run inside the repository (no Solution.sln above them).");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            var result = await ProcessTasks.TryRunAsync(fileName, arguments, Root, logOutput: false, cancellationToken: deadline.Token);
            return (result.ExitCode, string.Join('\n', result.Output));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within 2 minutes.");
        }
    }
}
