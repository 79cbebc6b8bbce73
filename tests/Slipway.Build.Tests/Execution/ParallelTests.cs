using System.Collections.Concurrent;
using System.Diagnostics;
using Slipway.Build.Definition;

namespace Slipway.Build.Tests.Execution;

public sealed class ParallelTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task TwoIndependentOneSecondTargetsFinishTogether()
    {
        var build = new TimedBuild();
        var stopwatch = Stopwatch.StartNew();

        var exitCode = await _harness.RunAsync(build, ["Both", "--parallel", "2"]);

        stopwatch.Stop();
        exitCode.ShouldBe(0);
        build.Ran.ShouldBe(["Left", "Right"], ignoreOrder: true);
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1.8));
    }

    [Fact]
    public async Task DependenciesAndBeforeAfterStillHoldAndASharedDependencyRunsOnce()
    {
        var build = new OrderedBuild();

        var exitCode = await _harness.RunAsync(build, ["Top", "Late", "--parallel", "4"]);

        exitCode.ShouldBe(0);
        var events = build.Events.ToList();
        events.Count(e => e == "Shared:start").ShouldBe(1);
        events.IndexOf("Shared:end").ShouldBeLessThan(events.IndexOf("A:start"));
        events.IndexOf("Shared:end").ShouldBeLessThan(events.IndexOf("B:start"));
        events.IndexOf("A:end").ShouldBeLessThan(events.IndexOf("Top:start"));
        events.IndexOf("B:end").ShouldBeLessThan(events.IndexOf("Top:start"));
        events.IndexOf("Top:end").ShouldBeLessThan(events.IndexOf("Late:start"));
    }

    [Fact]
    public async Task AFailureStopsSchedulingNewTargetsButAssuredOnesRun()
    {
        var build = new FailingParallelBuild();

        var exitCode = await _harness.RunAsync(build, ["All", "--parallel", "2"]);

        exitCode.ShouldBe(1);
        build.Events.ShouldContain("Report:start");
        build.Events.ShouldNotContain("After:start");
        _harness.RunJson.ShouldContain("\"status\": \"NotRun\"");
    }

    [Fact]
    public async Task OutputLinesArePrefixedWithTheirTarget()
    {
        var build = new TimedBuild();

        await _harness.RunAsync(build, ["Both", "--parallel"]);

        _harness.Output.ShouldContain("Left | ");
        _harness.Output.ShouldContain("Right | ");
    }

    public void Dispose() => _harness.Dispose();

    private sealed class TimedBuild : RecordingBuild
    {
        Target Left => _ => _.Executes(async ct =>
        {
            Serilog.Log.Information("working");
            await Task.Delay(1000, ct);
            Record("Left");
        });

        Target Right => _ => _.Executes(async ct =>
        {
            Serilog.Log.Information("working");
            await Task.Delay(1000, ct);
            Record("Right");
        });

        Target Both => _ => _.DependsOn(Left, Right);
    }

    private class EventBuild : RecordingBuild
    {
        public ConcurrentQueue<string> Events { get; } = new();

        protected Func<CancellationToken, Task> Step(string name, int milliseconds = 100, bool fail = false) => async ct =>
        {
            Events.Enqueue(name + ":start");
            await Task.Delay(milliseconds, ct);
            Events.Enqueue(name + ":end");
            if (fail)
                throw new InvalidOperationException(name + " failed");
        };
    }

    private sealed class OrderedBuild : EventBuild
    {
        Target Shared => _ => _.Executes(Step("Shared", 200));
        Target A => _ => _.DependsOn(Shared).Executes(Step("A", 300));
        Target B => _ => _.DependsOn(Shared).Executes(Step("B", 100));
        Target Top => _ => _.DependsOn(A, B).Executes(Step("Top"));
        Target Late => _ => _.After(Top).Executes(Step("Late"));
    }

    private sealed class FailingParallelBuild : EventBuild
    {
        Target Fails => _ => _.Executes(Step("Fails", 50, fail: true));
        Target Slow => _ => _.Executes(Step("Slow", 400));
        Target After => _ => _.DependsOn(Slow).Executes(Step("After"));
        Target Report => _ => _.AssuredAfterFailure().DependsOn(Slow).Executes(Step("Report"));
        Target All => _ => _.DependsOn(Fails, After, Report);
    }
}
