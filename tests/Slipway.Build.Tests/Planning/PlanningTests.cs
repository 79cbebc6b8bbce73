using Slipway.Build.Definition;
using Slipway.Build.Execution;

namespace Slipway.Build.Tests.Planning;

public sealed class PlanningTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task RunsDependenciesBeforeDependents()
    {
        var build = new ChainBuild();

        var exitCode = await _harness.RunAsync(build, ["A"]);

        exitCode.ShouldBe(0);
        build.Ran.ShouldBe(["C", "B", "A"]);
    }

    [Fact]
    public async Task RunsASharedDependencyOnce()
    {
        var build = new DiamondBuild();

        await _harness.RunAsync(build, ["Top"]);

        build.Ran.ShouldBe(["Shared", "Left", "Right", "Top"]);
    }

    [Fact]
    public async Task RunsTheInvokedTargetAndItsDependenciesOnly()
    {
        var build = new ChainBuild();

        await _harness.RunAsync(build, ["B"]);

        build.Ran.ShouldBe(["C", "B"]);
    }

    [Fact]
    public async Task RunsTheDefaultTargetsWhenNoneIsNamed()
    {
        var build = new ChainBuild();

        var exitCode = await _harness.RunAsync(build, [], [build.BTarget]);

        exitCode.ShouldBe(0);
        build.Ran.ShouldBe(["C", "B"]);
    }

    [Fact]
    public async Task ShowsHelpAndSucceedsWhenNoTargetAndNoDefault()
    {
        var build = new ChainBuild();

        var exitCode = await _harness.RunAsync(build, []);

        exitCode.ShouldBe(0);
        build.Ran.ShouldBeEmpty();
        _harness.Output.ShouldContain("Targets (-> direct dependencies):");
    }

    [Fact]
    public async Task RunsTriggeredTargetsAfterTheTriggerTransitively()
    {
        var build = new TriggerBuild();

        await _harness.RunAsync(build, ["Deploy"]);

        build.Ran.ShouldBe(["Deploy", "Notify", "Archive"]);
    }

    [Fact]
    public async Task RunsTriggeredByTargetsAfterTheirTrigger()
    {
        var build = new TriggerBuild();

        await _harness.RunAsync(build, ["Package"]);

        build.Ran.ShouldBe(["Package", "Sign"]);
    }

    [Fact]
    public async Task BeforeAndAfterOrderPlannedTargetsWithoutPullingThemIn()
    {
        var build = new OrderingBuild();

        await _harness.RunAsync(build, ["Second", "First"]);
        var alone = new OrderingBuild();
        await _harness.RunAsync(alone, ["Second"]);

        build.Ran.ShouldBe(["First", "Second"]);
        alone.Ran.ShouldBe(["Second"]);
    }

    [Fact]
    public async Task DependentForMakesTheOtherTargetDependOnThisOne()
    {
        var build = new OrderingBuild();

        await _harness.RunAsync(build, ["Main"]);

        build.Ran.ShouldBe(["Helper", "Main"]);
    }

    [Theory]
    [InlineData("DependsOn", "A -> B -> C -> A")]
    [InlineData("After", "A -> B -> A")]
    [InlineData("Before", "A -> B -> A")]
    [InlineData("Triggers", "A -> B -> A")]
    public async Task RejectsCyclesBeforeAnythingRunsPrintingThePath(string relation, string path)
    {
        var build = new CycleBuild(relation);

        var exitCode = await _harness.RunAsync(build, ["A"]);

        exitCode.ShouldBe(2);
        build.Ran.ShouldBeEmpty();
        _harness.Output.ShouldContain(path);
    }

    [Fact]
    public async Task RejectsATargetThatDependsOnItself()
    {
        var build = new CycleBuild("Self");

        var exitCode = await _harness.RunAsync(build, ["A"]);

        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("A -> A");
    }

    [Theory]
    [InlineData("container-image")]
    [InlineData("CONTAINERIMAGE")]
    [InlineData("Container_Image")]
    public async Task MatchesNamesCaseAndDashInsensitively(string name)
    {
        var build = new NamingBuild();

        var exitCode = await _harness.RunAsync(build, [name]);

        exitCode.ShouldBe(0);
        build.Ran.ShouldBe(["ContainerImage"]);
    }

    [Fact]
    public async Task AnUnknownTargetFailsListingTheAvailableTargetsAndTheNearest()
    {
        var build = new NamingBuild();

        var exitCode = await _harness.RunAsync(build, ["ContainerImg"]);

        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("Target 'ContainerImg' does not exist.");
        _harness.Output.ShouldContain("Did you mean 'ContainerImage'?");
        _harness.Output.ShouldContain("Available targets are: ContainerImage, Deploy.");
    }

    [Fact]
    public async Task PlanPrintsTheOrderWithReasonsAndWritesMermaidWithoutRunning()
    {
        var build = new TriggerBuild();

        var exitCode = await _harness.RunAsync(build, ["Deploy", "--plan"]);

        exitCode.ShouldBe(0);
        build.Ran.ShouldBeEmpty();
        _harness.Output.ShouldContain("1. Deploy");
        _harness.Output.ShouldContain("triggered by Deploy");
        var mermaid = File.ReadAllText(Path.Combine(_harness.Root, ".nuke", "temp", "plan.mmd"));
        mermaid.ShouldStartWith("graph TD");
        mermaid.ShouldContain("Deploy -. triggers .-> Notify");
    }

    public void Dispose() => _harness.Dispose();

    private sealed class ChainBuild : RecordingBuild
    {
        public Target BTarget => B;
        Target A => _ => _.DependsOn(B).Executes(() => Record("A"));
        Target B => _ => _.DependsOn(C).Executes(() => Record("B"));
        Target C => _ => _.Executes(() => Record("C"));
    }

    private sealed class DiamondBuild : RecordingBuild
    {
        Target Top => _ => _.DependsOn(Left, Right).Executes(() => Record("Top"));
        Target Left => _ => _.DependsOn(Shared).Executes(() => Record("Left"));
        Target Right => _ => _.DependsOn(Shared).Executes(() => Record("Right"));
        Target Shared => _ => _.Executes(() => Record("Shared"));
    }

    private sealed class TriggerBuild : RecordingBuild
    {
        Target Deploy => _ => _.Triggers(Notify).Executes(() => Record("Deploy"));
        Target Notify => _ => _.Triggers(Archive).Executes(() => Record("Notify"));
        Target Archive => _ => _.Executes(() => Record("Archive"));
        Target Package => _ => _.Executes(() => Record("Package"));
        Target Sign => _ => _.TriggeredBy(Package).Executes(() => Record("Sign"));
    }

    private sealed class OrderingBuild : RecordingBuild
    {
        Target First => _ => _.Before(Second).Executes(() => Record("First"));
        Target Second => _ => _.Executes(() => Record("Second"));
        Target Main => _ => _.Executes(() => Record("Main"));
        Target Helper => _ => _.DependentFor(Main).Executes(() => Record("Helper"));
    }

    private sealed class NamingBuild : RecordingBuild
    {
        Target ContainerImage => _ => _.Executes(() => Record("ContainerImage"));
        Target Deploy => _ => _.Executes(() => Record("Deploy"));
    }

    private sealed class CycleBuild(string relation) : RecordingBuild
    {
        Target A => _ => relation switch
        {
            "DependsOn" => _.DependsOn(B).Executes(() => Record("A")),
            "After" => _.After(B).Executes(() => Record("A")),
            "Before" => _.Before(B).Executes(() => Record("A")),
            "Triggers" => _.Triggers(B).Executes(() => Record("A")),
            _ => _.DependsOn(A).Executes(() => Record("A")),
        };

        Target B => _ => relation switch
        {
            "DependsOn" => _.DependsOn(C).Executes(() => Record("B")),
            "After" => _.After(A).Executes(() => Record("B")),
            "Before" => _.Before(A).Executes(() => Record("B")),
            "Triggers" => _.Triggers(A).Executes(() => Record("B")),
            _ => _.Executes(() => Record("B")),
        };

        Target C => _ => relation == "DependsOn" ? _.DependsOn(A).Executes(() => Record("C")) : _.Executes(() => Record("C"));
    }
}
