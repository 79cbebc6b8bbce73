using Slipway.Build.Definition;

namespace Slipway.Build.Tests.Execution;

public sealed class ContinueTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task ContinueSkipsTheTargetsThatSucceededInTheFailedRun()
    {
        await _harness.RunAsync(new FlakyBuild { Fail = true }, ["Deploy"]);
        var second = new FlakyBuild();

        var exitCode = await _harness.RunAsync(second, ["Deploy", "--continue"]);

        exitCode.ShouldBe(0);
        second.Ran.ShouldBe(["Deploy"]);
        _harness.RunJson.ShouldContain("succeeded in the previous run (--continue)");
    }

    [Fact]
    public async Task ContinueWithOtherTargetsRestartsFromScratch()
    {
        await _harness.RunAsync(new FlakyBuild { Fail = true }, ["Deploy"]);
        var second = new FlakyBuild();

        await _harness.RunAsync(second, ["Image", "--continue"]);

        second.Ran.ShouldBe(["Compile", "Image"]);
    }

    [Fact]
    public async Task ContinueWithOtherParametersRestartsFromScratch()
    {
        await _harness.RunAsync(new FlakyBuild { Fail = true }, ["Deploy"]);
        var second = new FlakyBuild();

        await _harness.RunAsync(second, ["Deploy", "--continue", "--environment", "staging"]);

        second.Ran.ShouldBe(["Compile", "Image", "Deploy"]);
    }

    [Fact]
    public async Task ContinueAfterAnUnreadableRunRecordRestartsFromScratchAndSaysWhy()
    {
        await _harness.RunAsync(new FlakyBuild { Fail = true }, ["Deploy"]);
        await File.WriteAllTextAsync(Path.Combine(_harness.Root, ".nuke", "temp", "run.json"), "{ \"outcome\": ");
        var second = new FlakyBuild();

        var exitCode = await _harness.RunAsync(second, ["Deploy", "--continue"]);

        exitCode.ShouldBe(0);
        second.Ran.ShouldBe(["Compile", "Image", "Deploy"]);
        _harness.Output.ShouldContain("is not a valid run.json");
    }

    public void Dispose() => _harness.Dispose();

    private sealed class FlakyBuild : RecordingBuild
    {
        [Slipway.Build.Parameters.Parameter] string Environment = "local";

        public bool Fail { get; init; }

        Target Compile => _ => _.Executes(() => Record("Compile"));
        Target Image => _ => _.DependsOn(Compile).Executes(() => Record("Image"));
        Target Deploy => _ => _.DependsOn(Image).Executes(() =>
        {
            if (Fail)
                throw new InvalidOperationException("engine went away");
            Record("Deploy");
        });
    }
}
