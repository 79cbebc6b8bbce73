using Json.Schema;
using Slipway.Build.Ci;
using Slipway.Build.Execution;
using Slipway.Build.Tests.Ci.Builds;
using Slipway.Tooling;

namespace Slipway.Build.Tests.Ci;

/// <summary>
/// Every generated .gitlab-ci.yml passes GitLab's own CI schema (as gitlab-ci-local ships it), and a generated pipeline
/// runs in gitlab-ci-local's shell executor: a job calling ./build.sh, and a needs: chain handing an artifact over.
/// </summary>
public sealed class GitLabValidationTests(WorkflowValidator validator) : IClassFixture<WorkflowValidator>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-gitlab-").FullName;

    // Secrets are registered process-wide, so the test uses a value no other test has seen.
    private readonly string _secret = "token-" + Guid.NewGuid().ToString("N");

    public static TheoryData<string> Builds => new() { nameof(GitLabBuild), nameof(MinimalGitLabBuild) };

    [Theory]
    [MemberData(nameof(Builds))]
    public async Task GeneratedPipelinesPassGitLabsSchema(string buildName)
    {
        var content = CiGeneration.Render(Create(buildName)).Single(w => w.RelativePath == ".gitlab-ci.yml").Content;

        var result = await EvaluateAsync(content);

        result.IsValid.ShouldBeTrue(Errors(result));
    }

    [Fact]
    public async Task GitLabCiLocalEvaluatesTheRulesOfABranchAndATagPipeline()
    {
        var repository = await RepositoryWithAsync(CiGeneration.Render(new GitLabBuild()).Single().Content);

        var (branchExit, branch) = await validator.RunGitLabPipelineAsync(repository, "--list");
        var (tagExit, tag) = await validator.RunGitLabPipelineAsync(repository, "--list", "--variable", "CI_COMMIT_TAG=v1.2.0");

        branchExit.ShouldBe(0, branch);
        JobNames(branch).ShouldBe(["Test"]);
        tagExit.ShouldBe(0, tag);
        JobNames(tag).ShouldBe(["Test", "Publish"]);
    }

    [Fact]
    public async Task GitLabCiLocalRunsTheCommittedPipelinesTestOnBranchesAndDeploysOnlyOnTags()
    {
        var repository = await RepositoryWithAsync(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), ".gitlab-ci.yml")));

        var (branchExit, branch) = await validator.RunGitLabPipelineAsync(repository, "--list");
        var (tagExit, tag) = await validator.RunGitLabPipelineAsync(repository, "--list", "--variable", "CI_COMMIT_TAG=v1.0.0");

        branchExit.ShouldBe(0, branch);
        JobNames(branch).ShouldBe(["Test"]);
        tagExit.ShouldBe(0, tag);
        JobNames(tag).ShouldBe(["Test", "Deploy"]);
    }

    [Fact]
    public async Task GitLabCiLocalRejectsARegexWithAnUnescapedSlash()
    {
        var content = CiGeneration.Render(new GitLabBuild()).Single().Content.Replace("[^\\/]*", "[^/]*", StringComparison.Ordinal);
        var repository = await RepositoryWithAsync(content);

        var (exitCode, output) = await validator.RunGitLabPipelineAsync(repository, "--list");

        exitCode.ShouldNotBe(0, output);
        output.ShouldContain("unescaped");
    }

    [Fact]
    public async Task TheSchemaRejectsAJobWithAnUnknownKeyword()
    {
        var content = CiGeneration.Render(new GitLabBuild()).Single().Content.Replace("  resource_group: feed\n", "  resource_groups: feed\n", StringComparison.Ordinal);

        var result = await EvaluateAsync(content);

        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task TheSchemaRejectsACacheKeyedOnThreeFiles()
    {
        var content = CiGeneration.Render(new GitLabBuild()).Single().Content.Replace("        - global.json\n", "        - global.json\n        - Directory.Build.props\n", StringComparison.Ordinal);

        var result = await EvaluateAsync(content);

        result.IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task AGeneratedPipelineRunsInGitLabCiLocalHandingAnArtifactAlongItsNeeds()
    {
        var repository = await FixtureRepositoryAsync();

        var (exitCode, output) = await validator.RunGitLabPipelineAsync(repository,
            // each job in a folder of its own, as on a runner: what Consume reads must arrive as Produce's artifact
            "--shell-executor-no-image", "--shell-isolation",
            // gitlab-ci-local sets GITLAB_CI=false; a GitLab runner sets it true, and the build detects the host by it
            "--ignore-predefined-vars", "GITLAB_CI", "--variable", "GITLAB_CI=true",
            "--variable", $"FIXTURE_TOKEN={_secret}");

        exitCode.ShouldBe(0, output);
        output.ShouldContain("PASS  Hello");
        output.ShouldContain("PASS  Produce");
        output.ShouldContain("PASS  Consume");
        output.ShouldContain("$ ./build.sh Consume --skip Produce");
        output.ShouldContain("Consumed 'handed over by Produce'");
        output.ShouldContain("Hello from gitlab-ci, token [secret]");
        output.ShouldNotContain(_secret);
    }

    [Fact]
    public async Task WithoutTheNeededArtifactTheConsumingJobFails()
    {
        var repository = await FixtureRepositoryAsync();
        var path = Path.Combine(repository, ".gitlab-ci.yml");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("      artifacts: true\n", "      artifacts: false\n", StringComparison.Ordinal));
        await GitAsync(repository, "commit", "-qam", "no artifacts");

        var (exitCode, output) = await validator.RunGitLabPipelineAsync(repository, "--shell-executor-no-image", "--shell-isolation");

        exitCode.ShouldNotBe(0, output);
        output.ShouldContain("the artifact of the Produce job did not arrive");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<EvaluationResults> EvaluateAsync(string yaml)
    {
        var schema = await validator.GitLabSchemaAsync();
        var json = YamlNavigation.ToJson(YamlNavigation.Load(yaml));
        using var document = System.Text.Json.JsonDocument.Parse(json!.ToJsonString());
        return schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Errors(EvaluationResults result) =>
        string.Join(Environment.NewLine, (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")).Take(20));

    /// <summary>The job names of <c>gitlab-ci-local --list</c> (the first column after the header).</summary>
    private static List<string> JobNames(string listing) =>
        listing.Split('\n').SkipWhile(l => !l.StartsWith("name ", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()).OfType<string>().ToList();

    /// <summary>A git repository holding just the given .gitlab-ci.yml.</summary>
    private async Task<string> RepositoryWithAsync(string pipeline)
    {
        var repository = Path.Combine(_directory, "pipeline");
        Directory.CreateDirectory(repository);
        await File.WriteAllTextAsync(Path.Combine(repository, ".gitlab-ci.yml"), pipeline);
        await File.WriteAllTextAsync(Path.Combine(repository, ".gitignore"), ".gitlab-ci-local/\n");
        await GitAsync(repository, "init", "-q", "-b", "main");
        await GitAsync(repository, "remote", "add", "origin", "https://gitlab.example.org/slipway/pipeline.git");
        await GitAsync(repository, "add", "-A");
        await GitAsync(repository, "commit", "-qm", "pipeline");
        return repository;
    }

    /// <summary>A git repository whose build.sh runs the compiled tests/ci-fixture build, with the .gitlab-ci.yml it generates.</summary>
    private async Task<string> FixtureRepositoryAsync()
    {
        var repository = Path.Combine(_directory, "repository");
        Directory.CreateDirectory(Path.Combine(repository, ".nuke"));
        await File.WriteAllTextAsync(Path.Combine(repository, ".nuke", "parameters.json"), "{}\n");
        await File.WriteAllTextAsync(Path.Combine(repository, ".gitignore"), ".gitlab-ci-local/\n.nuke/temp/\n");
        var build = FixtureAssembly();
        var script = Path.Combine(repository, "build.sh");
        await File.WriteAllTextAsync(script, $"#!/usr/bin/env bash\nexec dotnet '{build}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);

        var generate = await ProcessTasks.TryRunAsync("dotnet", [build, "--generate-ci", "--root", repository, "--no-logo"], repository, logOutput: false);
        generate.ExitCode.ShouldBe(0, string.Join('\n', generate.Output));
        await GitAsync(repository, "init", "-q", "-b", "main");
        await GitAsync(repository, "remote", "add", "origin", "https://gitlab.example.org/slipway/fixture.git");
        await GitAsync(repository, "add", "-A");
        await GitAsync(repository, "commit", "-qm", "fixture");
        return repository;
    }

    private static async Task GitAsync(string repository, params string[] arguments)
    {
        var result = await ProcessTasks.TryRunAsync("git", ["-c", "user.name=Slipway Tests", "-c", "user.email=tests@slipway.invalid", .. arguments], repository, logOutput: false);
        result.ExitCode.ShouldBe(0, $"git {string.Join(' ', arguments)}: {string.Join('\n', result.Output)}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Solution.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("The tests do not run inside the repository (no Solution.sln above them).");
    }

    /// <summary>tests/ci-fixture, built beside this test assembly (the test project references it without using it).</summary>
    private static string FixtureAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent!.Name;
        for (var directory = output; directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "tests", "ci-fixture", "bin", configuration, "net10.0", "CiFixture.dll");
            if (File.Exists(path))
                return path;
        }

        throw new FileNotFoundException($"tests/ci-fixture is not built ({configuration}); build tests/Slipway.Build.Tests, which builds it too.");
    }

    private static SlipwayBuild Create(string buildName) => buildName switch
    {
        nameof(GitLabBuild) => new GitLabBuild(),
        nameof(MinimalGitLabBuild) => new MinimalGitLabBuild(),
        _ => throw new ArgumentOutOfRangeException(nameof(buildName), buildName, "Add the build to Create."),
    };

    [GitLabCI(OnTags = ["v*"], InvokedTargets = ["Ci"], Interruptible = false, Image = null, CacheKeyFiles = [])]
    private sealed class MinimalGitLabBuild : PipelineBuild;
}
