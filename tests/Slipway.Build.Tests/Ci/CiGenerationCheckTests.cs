using Slipway.Build.Ci;
using Slipway.Build.Tests.Ci.Builds;
using Slipway.Build.Tools;

namespace Slipway.Build.Tests.Ci;

/// <summary>The staleness check behind <c>./build.sh --generate-ci --check</c>, through the API and the command line.</summary>
public sealed class CiGenerationCheckTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    private AbsolutePath Root => AbsolutePath.Create(_harness.Root);

    [Fact]
    public void ReportsADeclaredWorkflowThatWasNeverWrittenAsMissing()
    {
        var stale = CiGeneration.Check(new DispatchBuild(), Root);

        stale.ShouldBe([
            new StaleWorkflow(".github/workflows/nightly.yml", "missing; [GitHubActions(\"nightly\")] declares it"),
            new StaleWorkflow(".github/workflows/release.yml", "missing; [GitHubActions(\"release\")] declares it"),
        ]);
    }

    [Fact]
    public void FindsNothingStaleRightAfterWriting()
    {
        CiGeneration.Write(new DispatchBuild(), Root);

        CiGeneration.Check(new DispatchBuild(), Root).ShouldBeEmpty();
    }

    [Fact]
    public void ReportsAWorkflowEditedByHand()
    {
        CiGeneration.Write(new SingleJobBuild(), Root);
        _harness.WriteFile(".github/workflows/ci.yml", File.ReadAllText(Root / ".github/workflows/ci.yml").Replace("timeout-minutes: 30", "timeout-minutes: 31", StringComparison.Ordinal));

        var stale = CiGeneration.Check(new SingleJobBuild(), Root);

        stale.ShouldBe([new StaleWorkflow(".github/workflows/ci.yml", "differs from [GitHubActions(\"ci\")]")]);
    }

    [Fact]
    public void IgnoresWindowsLineEndings()
    {
        CiGeneration.Write(new SingleJobBuild(), Root);
        _harness.WriteFile(".github/workflows/ci.yml", File.ReadAllText(Root / ".github/workflows/ci.yml").Replace("\n", "\r\n", StringComparison.Ordinal));

        CiGeneration.Check(new SingleJobBuild(), Root).ShouldBeEmpty();
    }

    [Fact]
    public void ReportsAGeneratedWorkflowWhoseAttributeIsGoneButNotAHandWrittenOne()
    {
        CiGeneration.Write(new MultiJobBuild(), Root);
        _harness.WriteFile(".github/workflows/hand-written.yml", "on: push\njobs: {}\n");

        var stale = CiGeneration.Check(new SingleJobBuild(), Root);

        stale.Select(s => s.RelativePath).ShouldBe([".github/workflows/ci.yml", ".github/workflows/delivery.yml"]);
        stale[1].Reason.ShouldBe("generated, but no attribute declares it any more");
    }

    [Fact]
    public void WriteRemovesGeneratedWorkflowsNoLongerDeclaredAndKeepsHandWrittenOnes()
    {
        CiGeneration.Write(new MultiJobBuild(), Root);
        _harness.WriteFile(".github/workflows/hand-written.yml", "on: push\njobs: {}\n");

        var changed = CiGeneration.Write(new SingleJobBuild(), Root);

        changed.ShouldBe([".github/workflows/ci.yml", ".github/workflows/delivery.yml"]);
        Directory.GetFiles(Root / ".github/workflows").Select(Path.GetFileName).Order().ShouldBe(["ci.yml", "hand-written.yml"]);
    }

    [Fact]
    public void WriteLeavesUnchangedFilesAlone()
    {
        CiGeneration.Write(new SingleJobBuild(), Root);
        var path = Root / ".github/workflows/ci.yml";
        var written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddHours(-1));

        var changed = CiGeneration.Write(new SingleJobBuild(), Root);

        changed.ShouldBeEmpty();
        File.GetLastWriteTimeUtc(path).ShouldBe(written.AddHours(-1));
    }

    [Fact]
    public async Task GenerateCiWritesTheWorkflowsAndNamesThem()
    {
        var exitCode = await _harness.RunAsync(new DispatchBuild(), ["--generate-ci"]);

        exitCode.ShouldBe(0);
        _harness.Output.ShouldContain("Wrote .github/workflows/nightly.yml");
        _harness.Output.ShouldContain("Wrote .github/workflows/release.yml");
        File.ReadAllText(Root / ".github/workflows/release.yml").ShouldBe(CiGeneration.Render(new DispatchBuild()).Single(w => w.Name == "release").Content);
    }

    [Fact]
    public async Task GenerateCiCheckFailsNamingTheStaleFilesAndWritesNothing()
    {
        CiGeneration.Write(new DispatchBuild(), Root);
        File.Delete(Root / ".github/workflows/nightly.yml");

        var exitCode = await _harness.RunAsync(new DispatchBuild(), ["--generate-ci", "--check"]);

        exitCode.ShouldBe(1);
        _harness.Output.ShouldContain("1 CI file(s) are stale:");
        _harness.Output.ShouldContain(".github/workflows/nightly.yml (missing; [GitHubActions(\"nightly\")] declares it)");
        _harness.Output.ShouldContain("Run ./build.sh --generate-ci and commit the result.");
        _harness.Output.ShouldNotContain("release.yml");
        File.Exists(Root / ".github/workflows/nightly.yml").ShouldBeFalse();
    }

    [Fact]
    public async Task GenerateCiCheckSucceedsWhenEveryWorkflowIsCurrent()
    {
        await _harness.RunAsync(new DispatchBuild(), ["--generate-ci"]);

        var exitCode = await _harness.RunAsync(new DispatchBuild(), ["--generate-ci", "--check"]);

        exitCode.ShouldBe(0);
        _harness.Output.ShouldContain("All 2 CI files (.github/workflows/nightly.yml, .github/workflows/release.yml) match the build's CI attributes.");
    }

    [Fact]
    public async Task GenerateCiIsAUsageErrorWhenTheBuildDeclaresNoWorkflow()
    {
        var exitCode = await _harness.RunAsync(new PlainBuild(), ["--generate-ci"]);

        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("PlainBuild declares no CI workflows. Add a [GitHubActions(\"name\", ...)], [GitLabCI(...)] or [Jenkins(...)] attribute to the build class.");
    }

    [Fact]
    public async Task GenerateCiIsAUsageErrorListingEveryProblemOfAMisconfiguredAttribute()
    {
        var exitCode = await _harness.RunAsync(new MisconfiguredBuild(), ["--generate-ci"]);

        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("Invoked target 'Tset' does not exist. Did you mean 'Test'?");
        _harness.Output.ShouldContain("[GitHubActions(\"idle\")] on MisconfiguredBuild: it has no trigger");
        Directory.Exists(Root / ".github").ShouldBeFalse();
    }

    [Fact]
    public void CoversTheWorkflowsTheGitLabPipelineAndTheJenkinsfileAlike()
    {
        CiGeneration.Write(new EveryCiBuild(), Root);
        _harness.WriteFile(".gitlab-ci.yml", File.ReadAllText(Root / ".gitlab-ci.yml").Replace("./build.sh Test", "./build.sh Test --skip", StringComparison.Ordinal));
        File.Delete(Root / "Jenkinsfile");

        var stale = CiGeneration.Check(new EveryCiBuild(), Root);

        stale.ShouldBe([
            new StaleWorkflow(".gitlab-ci.yml", "differs from [GitLabCI]"),
            new StaleWorkflow("Jenkinsfile", "missing; [Jenkins] declares it"),
        ]);
    }

    [Fact]
    public void WriteRemovesAGeneratedPipelineAndJenkinsfileNoLongerDeclaredButNotHandWrittenOnes()
    {
        CiGeneration.Write(new EveryCiBuild(), Root);

        var changed = CiGeneration.Write(new SingleJobBuild(), Root);

        changed.ShouldBe([".github/workflows/ci.yml", ".gitlab-ci.yml", "Jenkinsfile"]);
        File.Exists(Root / ".gitlab-ci.yml").ShouldBeFalse();
        File.Exists(Root / "Jenkinsfile").ShouldBeFalse();
        _harness.WriteFile("Jenkinsfile", "pipeline { agent any }\n");
        CiGeneration.Check(new SingleJobBuild(), Root).ShouldBeEmpty();
    }

    [Fact]
    public async Task GenerateCiWritesEveryConfiguredCiSystemsFile()
    {
        var exitCode = await _harness.RunAsync(new EveryCiBuild(), ["--generate-ci"]);

        exitCode.ShouldBe(0);
        _harness.Output.ShouldContain("Wrote .github/workflows/ci.yml");
        _harness.Output.ShouldContain("Wrote .gitlab-ci.yml");
        _harness.Output.ShouldContain("Wrote Jenkinsfile");
        (await _harness.RunAsync(new EveryCiBuild(), ["--generate-ci", "--check"])).ShouldBe(0);
        _harness.Output.ShouldContain("All 3 CI files (.github/workflows/ci.yml, .gitlab-ci.yml, Jenkinsfile) match the build's CI attributes.");
    }

    public void Dispose() => _harness.Dispose();
}
