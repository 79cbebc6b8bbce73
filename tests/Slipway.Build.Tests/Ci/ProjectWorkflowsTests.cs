using System.Diagnostics;

namespace Slipway.Build.Tests.Ci;

/// <summary>The repository's own .github/workflows: generated from build/Build.cs, current, and accepted by GitHub's parser.</summary>
public sealed class ProjectWorkflowsTests(WorkflowValidator validator) : IClassFixture<WorkflowValidator>
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void CommittedWorkflowsMatchTheBuildsAttributes()
    {
        var build = BuildAssembly();

        var (exitCode, output) = Run("dotnet", [build, "--generate-ci", "--check", "--root", Root, "--no-logo"]);

        exitCode.ShouldBe(0, $"The committed workflows are stale; run ./build.sh --generate-ci and commit .github/workflows.\n{output}");
    }

    [Fact]
    public void CommittedWorkflowsPassGitHubsParser()
    {
        var workflows = Directory.GetFiles(Path.Combine(Root, ".github", "workflows"), "*.yml");

        var (exitCode, output) = validator.Validate(workflows);

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

    private static (int ExitCode, string Output) Run(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(2)).ShouldBeTrue("the build did not finish within 2 minutes");
        return (process.ExitCode, output.Result + error.Result);
    }
}
