using Slipway.Build.Definition;

namespace Slipway.Build.Tests.Execution;

public sealed class SkippingTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task SkipWithoutValueSkipsEveryTargetThatWasNotInvoked()
    {
        var build = new PipelineBuild();

        var exitCode = await _harness.RunAsync(build, ["Test", "--skip"]);

        exitCode.ShouldBe(0);
        build.Ran.ShouldBe(["Test"]);
    }

    [Fact]
    public async Task SkipWithNamesSkipsOnlyThose()
    {
        var build = new PipelineBuild();

        await _harness.RunAsync(build, ["Test", "--skip", "restore"]);

        build.Ran.ShouldBe(["Compile", "Test"]);
    }

    [Fact]
    public async Task AnInvokedTargetIsNeverSkipped()
    {
        var build = new PipelineBuild();

        await _harness.RunAsync(build, ["Test", "Compile", "--skip", "Compile", "Test"]);

        build.Ran.ShouldBe(["Restore", "Compile", "Test"]);
    }

    [Fact]
    public async Task AStaticConditionSkipsTheTargetAndTheDependenciesOnlyItNeeds()
    {
        var build = new ConditionBuild { Publishing = false };

        var exitCode = await _harness.RunAsync(build, ["Release"]);

        exitCode.ShouldBe(0);
        build.Ran.ShouldBe(["Shared", "Release"]);
        _harness.RunJson.ShouldContain("OnlyWhen: Publishing");
        _harness.RunJson.ShouldContain("skipped because of Publish");
    }

    [Fact]
    public async Task WhenSkippedExecuteKeepsTheDependencies()
    {
        var build = new ConditionBuild { Publishing = false };

        await _harness.RunAsync(build, ["Announce"]);

        build.Ran.ShouldBe(["Notes"]);
    }

    [Fact]
    public async Task ADynamicConditionSeesStateSetByEarlierTargetsAndIsTheSkipReason()
    {
        var build = new DynamicBuild();

        var exitCode = await _harness.RunAsync(build, ["Deploy"]);

        exitCode.ShouldBe(0);
        build.Ran.ShouldBe(["Check"]);
        _harness.RunJson.ShouldContain("OnlyWhen: Healthy \\u0026\\u0026 Changed");
    }

    [Fact]
    public async Task ADynamicSkipAlsoSkipsWhatTheTargetTriggers()
    {
        var build = new DynamicBuild();

        await _harness.RunAsync(build, ["Deploy"]);

        build.Ran.ShouldNotContain("Notify");
        _harness.RunJson.ShouldContain("skipped because Deploy was skipped");
    }

    [Fact]
    public async Task AConditionThatThrowsFailsTheBuildNamingTheTarget()
    {
        var build = new ThrowingConditionBuild();

        var exitCode = await _harness.RunAsync(build, ["Broken"]);

        exitCode.ShouldBe(1);
        _harness.Output.ShouldContain("Target 'Broken': its condition 'Explode()' threw InvalidOperationException: no state");
    }

    public void Dispose() => _harness.Dispose();

    private sealed class PipelineBuild : RecordingBuild
    {
        Target Restore => _ => _.Executes(() => Record("Restore"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Record("Compile"));
        Target Test => _ => _.DependsOn(Compile).Executes(() => Record("Test"));
    }

    private sealed class ConditionBuild : RecordingBuild
    {
        public bool Publishing { get; init; }
        Target Shared => _ => _.Executes(() => Record("Shared"));
        Target Pack => _ => _.DependsOn(Shared).Executes(() => Record("Pack"));
        Target Publish => _ => _.DependsOn(Pack).OnlyWhenStatic(() => Publishing).Executes(() => Record("Publish"));
        Target Release => _ => _.DependsOn(Publish, Shared).Executes(() => Record("Release"));
        Target Notes => _ => _.Executes(() => Record("Notes"));
        Target Announce => _ => _.DependsOn(Notes).OnlyWhenStatic(() => Publishing).WhenSkipped(DependencyBehavior.Execute).Executes(() => Record("Announce"));
    }

    private sealed class DynamicBuild : RecordingBuild
    {
        bool Healthy;
        bool Changed;
        Target Check => _ => _.Executes(() =>
        {
            Record("Check");
            Healthy = true;
            Changed = false;
        });

        Target Deploy => _ => _.DependsOn(Check).Triggers(Notify).OnlyWhenDynamic(() => Healthy && Changed).Executes(() => Record("Deploy"));
        Target Notify => _ => _.Executes(() => Record("Notify"));
    }

    private sealed class ThrowingConditionBuild : RecordingBuild
    {
        Target Broken => _ => _.OnlyWhenDynamic(() => Explode()).Executes(() => Record("Broken"));

        private static bool Explode() => throw new InvalidOperationException("no state");
    }
}
