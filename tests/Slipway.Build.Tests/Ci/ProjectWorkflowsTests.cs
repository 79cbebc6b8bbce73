using Json.Schema;
using Slipway.Tooling;

namespace Slipway.Build.Tests.Ci;

/// <summary>
/// The repository's own CI files (.github/workflows, .gitlab-ci.yml, Jenkinsfile): generated from build/Build.cs, current,
/// and accepted by each system's own tools.
/// </summary>
public sealed class ProjectWorkflowsTests(WorkflowValidator validator) : IClassFixture<WorkflowValidator>
{
    private static readonly string Root = FindRoot();

    [Fact]
    public async Task CommittedWorkflowsMatchTheBuildsAttributes()
    {
        var build = BuildAssembly();

        var (exitCode, output) = await RunAsync("dotnet", [build, "--generate-ci", "--check", "--root", Root, "--no-logo"]);

        exitCode.ShouldBe(0, $"The committed CI files are stale; run ./build.sh --generate-ci and commit .github/workflows, .gitlab-ci.yml and Jenkinsfile.\n{output}");
    }

    [Fact]
    public async Task CommittedKubernetesFilesAreWhatTheBuildRenders()
    {
        var build = BuildAssembly();

        var (exitCode, output) = await RunAsync("dotnet", [build, "KubernetesFiles", "--check-fresh", "--root", Root, "--no-logo"]);

        exitCode.ShouldBe(0, $"The committed deploy/kubernetes or deploy/helm/slipway files are stale; run ./build.sh KubernetesFiles and commit deploy/.\n{output}");
    }

    [Fact]
    public async Task TheKubernetesFilesCheckFailsNamingAnEditedFile()
    {
        // Arrange: a copy of the repository's deploy/ with one overlay edited by hand
        var root = Directory.CreateTempSubdirectory("slipway-deploy-check-").FullName;
        try
        {
            CopyDirectory(Path.Combine(Root, "deploy"), Path.Combine(root, "deploy"));
            var edited = Path.Combine(root, "deploy", "kubernetes", "overlays", "staging", "kustomization.yaml");
            File.AppendAllText(edited, "# edited\n");

            // Act
            var (exitCode, output) = await RunAsync("dotnet", [BuildAssembly(), "KubernetesFiles", "--check-fresh", "--root", root, "--no-logo"]);

            // Assert
            exitCode.ShouldNotBe(0);
            output.ShouldContain("deploy/kubernetes/overlays/staging/kustomization.yaml");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task CommittedGitLabPipelinePassesGitLabsSchema()
    {
        var schema = await validator.GitLabSchemaAsync();
        var json = YamlNavigation.ToJson(YamlNavigation.Load(File.ReadAllText(Path.Combine(Root, ".gitlab-ci.yml"))))!;
        using var document = System.Text.Json.JsonDocument.Parse(json.ToJsonString());

        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        result.IsValid.ShouldBeTrue(string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        json["Deploy"]!["needs"]!.AsArray().Select(n => n!["job"]!.GetValue<string>()).ShouldBe(["Test"]);
    }

    [Fact]
    public async Task CommittedJenkinsfilePassesNpmGroovyLintWithAStagePerInvokedTarget()
    {
        var path = Path.Combine(Root, "Jenkinsfile");

        var (exitCode, output) = await validator.LintGroovyAsync(path);

        exitCode.ShouldBe(0, output);
        var stages = JenkinsfileBlock.Parse(File.ReadAllText(path)).Block("pipeline").Block("stages");
        stages.Blocks.Select(b => b.Head).ShouldBe(["stage('Test')", "stage('Deploy')"]);
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
