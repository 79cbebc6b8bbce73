using Serilog;
using Slipway.Build.Definition;
using Slipway.Build.Parameters;
using Slipway.Build.Tools;
using Slipway.Tooling;
using Slipway.Delivery.Testing;
using Spectre.Console;
using static Slipway.Build.Tools.DotNetTasks;

namespace Slipway.Pipeline;

partial class Build
{
    [Parameter("Flake: how many times the whole suite runs under CPU load")]
    int FlakeRuns = 3;

    [Parameter("Flake: how many times the timing-sensitive test classes run after that")]
    int FlakeRepeats = 10;

    // the classes that wait on processes, containers and the edge: deploy, lock, edge, drain, shutdown, parallel targets
    // (the deploy classes' real-service tests run in every whole-suite run; repeating them would rebuild the real image each time)
    static readonly (string Project, string Filter)[] TimingSensitive =
    [
        ("tests/Slipway.Delivery.Tests", "(" + string.Join('|', new[]
        {
            "DeploymentLockTests", "FailedDeployTests", "ZeroDowntimeTests", "NginxEdgeTests", "DeployCoordinationTests",
            "DeployerTests", "EngineLossTests", "RollbackAndUndeployTests", "CanaryTests", "MonitoringStackTests",
        }.Select(c => $"FullyQualifiedName~.{c}.")) + $")&Category!={ServiceCategory}"),
        ("tests/Slipway.Serving.Tests", "FullyQualifiedName~.ServiceProcessTests.|FullyQualifiedName~.ShutdownReadinessTests.|FullyQualifiedName~.ModelBatcherTests.|FullyQualifiedName~.BatchingOverHttpTests."),
        ("tests/Slipway.Build.Tests", "FullyQualifiedName~.ParallelTests.|FullyQualifiedName~.FailureTests."),
    ];

    AbsolutePath FlakeDirectory => ArtifactsDirectory / "flake";

    Target Flake => _ => _
        .Description("Runs every test suite --flake-runs times (3) and the timing-sensitive classes --flake-repeats times (10) while a CPU hog keeps every core busy; prints failures per test")
        .DependsOn(Compile, Model, DockerEngine, TestTools)
        .Produces("artifacts/flake/**")
        .Executes(async cancellationToken =>
        {
            FlakeDirectory.DeleteDirectory();
            using var hog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var hogs = Enumerable.Range(0, Environment.ProcessorCount)
                .Select(_ => ProcessTasks.RunAsync("sh", ["-c", "while :; do :; done"], logOutput: false, cancellationToken: hog.Token))
                .ToList();
            Log.Information("CPU hog: {Count} busy loops, one per core", hogs.Count);
            var started = DateTimeOffset.UtcNow;
            var run = $"flake-{Guid.NewGuid():N}"[..24];
            try
            {
                for (var round = 1; round <= FlakeRuns; round++)
                {
                    foreach (var suite in new[] { EngineTests, ServingTests, DeliveryTests, IntegrationTests })
                    {
                        foreach (var project in suite.Projects.Where(p => (RootDirectory / p).DirectoryExists()))
                            await FlakeTestAsync(project, suite.Filter, FlakeDirectory / $"run-{round}" / suite.Name, run, cancellationToken);
                    }

                    WriteFlakeSummary(started, hogs.Count, $"after whole-suite run {round} of {FlakeRuns}");
                }

                for (var repeat = 1; repeat <= FlakeRepeats; repeat++)
                {
                    foreach (var (project, filter) in TimingSensitive)
                        await FlakeTestAsync(project, filter, FlakeDirectory / $"repeat-{repeat}" / Path.GetFileName(project), run, cancellationToken);
                    WriteFlakeSummary(started, hogs.Count, $"after repeat {repeat} of {FlakeRepeats}");
                }
            }
            finally
            {
                await hog.CancelAsync();
                foreach (var loop in hogs)
                {
                    try
                    {
                        await loop;
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }

            var leaks = (await LeakCheckAsync(new TestSuite("Flake", [], null, UsesDocker: true, []), run, cancellationToken)).ToList();
            var failures = WriteFlakeSummary(started, hogs.Count, "done");
            foreach (var leak in leaks)
                Log.Error("{Leak}", leak.Message);
            if (leaks.Count > 0)
                throw leaks[0];
            if (failures.Count > 0)
                throw new InvalidOperationException($"{failures.Count} test(s) failed at least once under load: {string.Join(", ", failures.Take(10).Select(f => $"{f.Test} ({f.Failed}/{f.Runs})"))}. See artifacts/flake/summary.md.");
        });

    /// <summary>Failures per test over every result so far; writes artifacts/flake/summary.md (rewritten as the run goes).</summary>
    List<(string Test, int Runs, int Failed, string? Message)> WriteFlakeSummary(DateTimeOffset started, int hogs, string stage)
    {
        var warnings = new List<string>();
        var executions = TrxFile.ReadAll(FlakeDirectory, warnings).SelectMany(f => f.Tests).ToList();
        var failures = executions.GroupBy(t => t.Name)
            .Select(g => (Test: g.Key, Runs: g.Count(), Failed: g.Count(t => t.Outcome == TestOutcome.Failed), Message: g.FirstOrDefault(t => t.Outcome == TestOutcome.Failed)?.Message))
            .Where(t => t.Failed > 0)
            .OrderByDescending(t => t.Failed)
            .ToList();
        foreach (var silent in _silentFlakeRuns)
            failures.Add(($"(no results: the test host crashed) {silent}", 1, 1, "the run wrote no trx"));
        var summary = $"Flake run under CPU load ({hogs} busy loops on {Environment.ProcessorCount} cores), {stage}, {(DateTimeOffset.UtcNow - started).TotalMinutes:0.0} min: " +
            $"{FlakeRuns} whole-suite runs, {FlakeRepeats} repeats of the timing-sensitive classes asked; {executions.Count} test executions " +
            $"({executions.Select(t => t.Name).Distinct().Count()} tests), {executions.Count(t => t.Outcome == TestOutcome.Failed)} failed, {_silentFlakeRuns.Count} test runs wrote no results.";
        foreach (var warning in warnings)
            Log.Warning("{Warning}", warning);
        Log.Information("{Summary}", summary);
        if (failures.Count > 0)
        {
            var table = new Table().AddColumns("Test", "Failed", "Runs", "First message");
            foreach (var failure in failures)
                table.AddRow(Markup.Escape(failure.Test), failure.Failed.ToString(), failure.Runs.ToString(), Markup.Escape(FirstLine(failure.Message)));
            AnsiConsole.Write(table);
        }

        (FlakeDirectory / "summary.md").WriteAllText(summary + "\n\n" + string.Join("\n", failures.Select(f => $"- {f.Test}: {f.Failed} of {f.Runs} failed: {FirstLine(f.Message)}")) + "\n");
        return failures;
    }

    /// <summary>Test runs that wrote no trx: the test host crashed or was killed; each counts as a failure.</summary>
    readonly List<string> _silentFlakeRuns = [];

    async Task FlakeTestAsync(string project, string? filter, AbsolutePath results, string run, CancellationToken cancellationToken)
    {
        try
        {
            await DotNetTestAsync(RootDirectory / project, Configuration.ToString(),
            [
                .. filter is null ? Array.Empty<string>() : ["--filter", filter],
                "--logger", $"trx;LogFileName={Path.GetFileName(project)}.trx", "--results-directory", results,
            ], environment: new Dictionary<string, string?> { [TestRunVariable] = run }, cancellationToken: cancellationToken);
        }
        catch (ProcessFailedException e)
        {
            Log.Warning("{Project} had failures in {Results}: {Message}", project, results.RelativeTo(RootDirectory), FirstLine(e.Message));
        }

        if (!results.DirectoryExists() || results.GlobFiles("**/*.trx").Count == 0)
            _silentFlakeRuns.Add($"{project} in {results.RelativeTo(RootDirectory)}");
    }

    static string FirstLine(string? text) => text?.Split('\n', 2)[0].Trim() ?? string.Empty;
}
