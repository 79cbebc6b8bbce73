using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Tests.Deployment;

public sealed class DeploymentLedgerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "slipway-ledger-tests", Guid.NewGuid().ToString("N"));

    private string LedgerPath => Path.Combine(_directory, "nested", "local.jsonl");

    [Fact]
    public async Task AppendWritesOneCamelCaseJsonLinePerEntryAndCreatesTheDirectory()
    {
        // Arrange
        var ledger = new DeploymentLedger(LedgerPath);

        // Act
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Started));
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Succeeded) with { PhaseDurationsMs = new Dictionary<string, double> { ["smoke"] = 12.5 } });

        // Assert
        var lines = await File.ReadAllLinesAsync(LedgerPath);
        lines.Length.ShouldBe(2);
        lines[0].ShouldStartWith("{\"id\":\"a\",\"environment\":\"local\",\"action\":\"deploy\",\"outcome\":\"started\"");
        lines[1].ShouldContain("\"phaseDurationsMs\":{\"smoke\":12.5}");
    }

    [Fact]
    public async Task ReaderSkipsATornLastLineLeftByACrash()
    {
        // Arrange
        var ledger = new DeploymentLedger(LedgerPath);
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Started));
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Succeeded));
        await File.AppendAllTextAsync(LedgerPath, "{\"id\":\"b\",\"environment\":\"lo");

        // Act
        var contents = await ledger.ReadAsync();

        // Assert
        contents.Entries.Select(e => e.Outcome).ShouldBe([LedgerOutcomes.Started, LedgerOutcomes.Succeeded]);
        contents.SkippedLines.ShouldBe(1);
    }

    [Fact]
    public async Task ReaderNamesTheLineNumberOfEveryLineItCannotRead()
    {
        // Arrange: line 2 is torn, line 3 is blank, line 4 is JSON null, line 5 lacks required fields
        var ledger = new DeploymentLedger(LedgerPath);
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Started));
        await File.AppendAllTextAsync(LedgerPath, "{\"id\":\"torn\n\nnull\n{\"id\":\"b\"}\n");
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Succeeded));

        // Act
        var contents = await ledger.ReadAsync();

        // Assert
        contents.Entries.Select(e => e.Outcome).ShouldBe([LedgerOutcomes.Started, LedgerOutcomes.Succeeded]);
        contents.UnreadableLines.Select(l => l.LineNumber).ShouldBe([2, 4, 5]);
        contents.UnreadableLines.ShouldAllBe(l => l.Problem.Length > 0);
        contents.SkippedLines.ShouldBe(3);
    }

    [Fact]
    public async Task AnEntryAppendedAfterATornLineStartsOnItsOwnLine()
    {
        // Arrange
        var ledger = new DeploymentLedger(LedgerPath);
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Started));
        await File.AppendAllTextAsync(LedgerPath, "{\"id\":\"torn");

        // Act
        await ledger.AppendAsync(Entry("b", LedgerOutcomes.Failed));

        // Assert
        var contents = await ledger.ReadAsync();
        contents.Entries.Select(e => e.Id).ShouldBe(["a", "b"]);
        contents.SkippedLines.ShouldBe(1);
    }

    [Fact]
    public async Task ReadingALedgerThatDoesNotExistGivesNoEntries()
    {
        // Act
        var contents = await new DeploymentLedger(LedgerPath).ReadAsync();

        // Assert
        contents.Entries.ShouldBeEmpty();
        contents.SkippedLines.ShouldBe(0);
    }

    [Fact]
    public async Task FinishedEntriesLeaveOutTheStartedLines()
    {
        // Arrange
        var ledger = new DeploymentLedger(LedgerPath);
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Started));
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Succeeded));
        await ledger.AppendAsync(Entry("b", LedgerOutcomes.Started));

        // Act
        var finished = await ledger.ReadFinishedAsync();

        // Assert
        finished.Select(e => (e.Id, e.Outcome)).ShouldBe([("a", LedgerOutcomes.Succeeded)]);
    }

    [Fact]
    public async Task ConcurrentAppendsNeverInterleaveWithinALine()
    {
        // Arrange
        var ledger = new DeploymentLedger(LedgerPath);
        var reason = new string('r', 2000);

        // Act
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => ledger.AppendAsync(Entry($"e{i}", LedgerOutcomes.Failed) with { Reason = reason }))));

        // Assert
        var contents = await ledger.ReadAsync();
        contents.SkippedLines.ShouldBe(0);
        contents.Entries.Select(e => e.Id).Order().ShouldBe(Enumerable.Range(0, 40).Select(i => $"e{i}").Order());
    }

    [Fact]
    public void DefaultLocationIsUnderXdgStateHomeElseHomeLocalState()
    {
        // Act
        var withXdg = StatePaths.Ledger("slipway", "staging", name => name == "XDG_STATE_HOME" ? "/var/state" : "/home/ann");
        var withoutXdg = StatePaths.Ledger("slipway", "staging", name => name == "HOME" ? "/home/ann" : null);

        // Assert
        withXdg.ShouldBe("/var/state/slipway/slipway/staging.jsonl");
        withoutXdg.ShouldBe("/home/ann/.local/state/slipway/slipway/staging.jsonl");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static LedgerEntry Entry(string id, string outcome) => new()
    {
        Id = id,
        Environment = "local",
        Action = LedgerOutcomes.Deploy,
        Outcome = outcome,
        Who = "ann",
        StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
    };
}
