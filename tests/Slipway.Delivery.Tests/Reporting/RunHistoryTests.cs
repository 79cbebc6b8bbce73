using Slipway.Delivery.Reporting;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Tests.Reporting;

public sealed class RunHistoryTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task RecordsARunOnceEvenWhenTheReportRunsTwice()
    {
        // Arrange
        var path = Path.Combine(_scratch.Path, ".nuke", "history", "runs.jsonl");
        var run = new RunSummary { StartedAt = ReportFixtures.Now, Outcome = "Failed" };

        // Act
        await RunHistory.RecordAsync(path, run);
        await RunHistory.RecordAsync(path, run with { Outcome = "Succeeded" });

        // Assert
        (await File.ReadAllLinesAsync(path)).Length.ShouldBe(1);
        (await RunHistory.ReadAsync(path)).ShouldHaveSingleItem().Outcome.ShouldBe("Succeeded");
    }

    [Fact]
    public async Task KeepsRunsInTheOrderTheyStarted()
    {
        // Arrange
        var path = Path.Combine(_scratch.Path, "runs.jsonl");

        // Act
        await RunHistory.RecordAsync(path, new RunSummary { StartedAt = ReportFixtures.Now, Outcome = "Succeeded", Stages = new(1, 2, 3, 4) });
        await RunHistory.RecordAsync(path, new RunSummary { StartedAt = ReportFixtures.Now.AddHours(-1), Outcome = "Failed" });

        // Assert
        var runs = await RunHistory.ReadAsync(path);
        runs.Select(r => r.Outcome).ShouldBe(["Failed", "Succeeded"]);
        runs[1].Stages.ShouldBe(new StageTimes(1, 2, 3, 4));
    }

    [Fact]
    public async Task SkipsALineItCannotReadWithAWarning()
    {
        // Arrange
        var path = Path.Combine(_scratch.Path, "runs.jsonl");
        await File.WriteAllLinesAsync(path, ["{\"startedAt\":\"2026-11-28T09:00:00Z\",\"outcome\":\"Succeeded\"}", "not json"]);
        var warnings = new List<string>();

        // Act
        var runs = await RunHistory.ReadAsync(path, warnings);

        // Assert
        runs.ShouldHaveSingleItem();
        warnings.ShouldHaveSingleItem().ShouldContain("line 2");
    }

    public void Dispose() => _scratch.Dispose();
}
