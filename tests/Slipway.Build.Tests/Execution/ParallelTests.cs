using System.Collections.Concurrent;
using Slipway.Build.Definition;

namespace Slipway.Build.Tests.Execution;

public sealed class ParallelTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task TwoIndependentTargetsRunAtTheSameTime()
    {
        // each target waits until the other has started: run one after the other, the first would time out
        var build = new RendezvousBuild();

        var exitCode = await _harness.RunAsync(build, ["Both", "--parallel", "2"]);

        exitCode.ShouldBe(0, _harness.Output);
        build.Ran.ShouldBe(["Left", "Right"], ignoreOrder: true);
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
        var build = new RendezvousBuild();

        await _harness.RunAsync(build, ["Both", "--parallel", "2"]);

        _harness.Output.ShouldContain("Left | ");
        _harness.Output.ShouldContain("Right | ");
    }

    public void Dispose() => _harness.Dispose();

    private sealed class RendezvousBuild : RecordingBuild
    {
        private readonly Barrier _bothStarted = new(2);

        Target Left => _ => _.Executes(() => Meet("Left"));

        Target Right => _ => _.Executes(() => Meet("Right"));

        Target Both => _ => _.DependsOn(Left, Right);

        private void Meet(string name)
        {
            Serilog.Log.Information("working");
            if (!_bothStarted.SignalAndWait(TimeSpan.FromSeconds(60)))
                throw new InvalidOperationException($"{name} ran alone: the other target never started beside it.");
            Record(name);
        }
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
