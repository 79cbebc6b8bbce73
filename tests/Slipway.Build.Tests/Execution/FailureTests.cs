using Slipway.Build.Definition;

namespace Slipway.Build.Tests.Execution;

public sealed class FailureTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task AFailingTargetLeavesTheRestNotRunAndExitsOne()
    {
        var build = new FailingBuild();

        var exitCode = await _harness.RunAsync(build, ["Last"]);

        exitCode.ShouldBe(1);
        build.Ran.ShouldBe(["First", "Report"]);
        _harness.RunJson.ShouldContain("\"status\": \"NotRun\"");
        _harness.Output.ShouldContain("Build failed");
        _harness.Output.ShouldContain("compiler exploded");
    }

    [Fact]
    public async Task AProceedAfterFailureTargetLetsItsDependentsRunButTheBuildStillFails()
    {
        var build = new ProceedBuild();

        var exitCode = await _harness.RunAsync(build, ["Publish"]);

        exitCode.ShouldBe(1);
        build.Ran.ShouldBe(["Lint", "Publish"]);
    }

    [Fact]
    public async Task AnAssuredTargetRunsAfterCtrlCAndTheRunningTargetIsAborted()
    {
        var build = new CancelBuild();
        using var cancellation = new CancellationTokenSource();
        build.Started = () => cancellation.Cancel();

        var exitCode = await _harness.RunAsync(build, ["Deploy"], cancellationToken: cancellation.Token);

        exitCode.ShouldBe(130);
        build.Ran.ShouldBe(["Report"]);
        _harness.RunJson.ShouldContain("\"status\": \"Aborted\"");
        _harness.RunJson.ShouldContain("\"outcome\": \"Aborted\"");
    }

    [Fact]
    public async Task CollectiveTargetsStayOutOfTheSummary()
    {
        var build = new CollectiveBuild();

        var exitCode = await _harness.RunAsync(build, ["All"]);

        exitCode.ShouldBe(0);
        build.Ran.ShouldBe(["One", "Two"]);
        _harness.Output.ShouldContain("| One");
        _harness.Output.ShouldNotContain("| All");
    }

    [Fact]
    public async Task RequirementsAreCheckedForEveryPlannedTargetBeforeAnyRuns()
    {
        var build = new RequiringBuild();

        var exitCode = await _harness.RunAsync(build, ["Deploy"]);

        exitCode.ShouldBe(2);
        build.Ran.ShouldBeEmpty();
        _harness.Output.ShouldContain("Target 'Deploy' requires parameter 'Registry': pass --registry <value> or set the environment variable REGISTRY");
        _harness.Output.ShouldContain("Target 'Deploy' requires 'Replicas > 0', which is false.");
    }

    [Fact]
    public async Task RequirementsOfSkippedTargetsAreNotChecked()
    {
        var build = new RequiringBuild();

        var exitCode = await _harness.RunAsync(build, ["Deploy", "--skip", "Deploy", "--registry", "r"]);

        exitCode.ShouldBe(2);
        _harness.Output.ShouldNotContain("'Registry'");
    }

    public void Dispose() => _harness.Dispose();

    private sealed class FailingBuild : RecordingBuild
    {
        Target First => _ => _.Executes(() => Record("First"));
        Target Compile => _ => _.DependsOn(First).Executes(() => throw new InvalidOperationException("compiler exploded"));
        Target Last => _ => _.DependsOn(Compile).Triggers(Report).Executes(() => Record("Last"));
        Target Report => _ => _.AssuredAfterFailure().Executes(() => Record("Report"));
    }

    private sealed class ProceedBuild : RecordingBuild
    {
        Target Lint => _ => _.ProceedAfterFailure().Executes(() =>
        {
            Record("Lint");
            throw new InvalidOperationException("style");
        });

        Target Publish => _ => _.DependsOn(Lint).Executes(() => Record("Publish"));
    }

    private sealed class CancelBuild : RecordingBuild
    {
        public Action Started { get; set; } = () => { };
        Target Deploy => _ => _.Triggers(Report).Executes(async cancellationToken =>
        {
            Started();
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            Record("Deploy");
        });

        Target Report => _ => _.AssuredAfterFailure().Executes(() => Record("Report"));
    }

    private sealed class CollectiveBuild : RecordingBuild
    {
        Target One => _ => _.Executes(() => Record("One"));
        Target Two => _ => _.Executes(() => Record("Two"));
        Target All => _ => _.DependsOn(One, Two);
    }

    private sealed class RequiringBuild : RecordingBuild
    {
        [Slipway.Build.Parameters.Parameter("Where images go")] string? Registry;
        int Replicas;
        Target Deploy => _ => _.Requires(() => Registry).Requires(() => Replicas > 0).Executes(() => Record("Deploy"));
    }
}
