using System.Security.Cryptography;
using System.Text;
using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Tests.Deployment;

public sealed class LedgerChainTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "slipway-ledger-chain-tests", Guid.NewGuid().ToString("N"));

    private string LedgerPath => Path.Combine(_directory, "local.jsonl");

    [Fact]
    public async Task EachAppendedLineCarriesTheSha256OfTheLineBeforeIt()
    {
        // Arrange
        var ledger = new DeploymentLedger(LedgerPath);

        // Act
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Started));
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Succeeded) with { Previous = "ignored" });

        // Assert
        var lines = await File.ReadAllLinesAsync(LedgerPath);
        lines[0].ShouldEndWith($",\"previous\":\"{LedgerChain.Genesis}\"}}");
        lines[1].ShouldEndWith($",\"previous\":\"{Sha256(lines[0])}\"}}");
    }

    [Fact]
    public async Task AnUntouchedLedgerVerifiesAndItsHeadIsTheHashOfTheLastLine()
    {
        // Arrange
        var ledger = await LedgerWithAsync(4);

        // Act
        var chain = (await ledger.ReadAsync()).Chain;

        // Assert
        chain.Intact.ShouldBeTrue();
        chain.Breaks.ShouldBeEmpty();
        chain.StartLine.ShouldBe(1);
        chain.VerifiedLines.ShouldBe(4);
        chain.HeadLine.ShouldBe(4);
        chain.Head.ShouldBe(Sha256((await File.ReadAllLinesAsync(LedgerPath))[3]));
        chain.FindAnchor(chain.Head![..16]).ShouldBe(4);
    }

    [Fact]
    public async Task AnEditedLineIsNamedByTheLineAfterIt()
    {
        // Arrange
        var ledger = await LedgerWithAsync(4);
        var lines = await File.ReadAllLinesAsync(LedgerPath);
        lines[1] = lines[1].Replace("\"who\":\"ann\"", "\"who\":\"eve\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(LedgerPath, lines);

        // Act
        var chain = (await ledger.ReadAsync()).Chain;

        // Assert
        chain.Intact.ShouldBeFalse();
        var first = chain.Breaks.ShouldHaveSingleItem();
        first.LineNumber.ShouldBe(3);
        first.Problem.ShouldContain("line 2 was changed after line 3 was written");
        first.Advice.ShouldContain("lines 2 and 3");
    }

    [Fact]
    public async Task ADeletedLineIsNamedWhereTheChainBreaks()
    {
        // Arrange
        var ledger = await LedgerWithAsync(4);
        var lines = (await File.ReadAllLinesAsync(LedgerPath)).ToList();
        lines.RemoveAt(2);
        await File.WriteAllLinesAsync(LedgerPath, lines);

        // Act
        var chain = (await ledger.ReadAsync()).Chain;

        // Assert
        var first = chain.Breaks.ShouldHaveSingleItem();
        first.LineNumber.ShouldBe(3);
        first.Problem.ShouldContain("lines were removed or inserted between them");
    }

    [Fact]
    public async Task RemovingTheFirstLineIsNamedAtTheNewFirstLine()
    {
        // Arrange
        var ledger = await LedgerWithAsync(3);
        await File.WriteAllLinesAsync(LedgerPath, (await File.ReadAllLinesAsync(LedgerPath)).Skip(1));

        // Act
        var chain = (await ledger.ReadAsync()).Chain;

        // Assert
        var first = chain.Breaks.ShouldHaveSingleItem();
        first.LineNumber.ShouldBe(1);
        first.Problem.ShouldContain("the lines before it were removed");
    }

    [Fact]
    public async Task TruncatingTheEndIsCaughtByTheAnchorAndNotByTheChain()
    {
        // Arrange: the report and the GitHub status carried the head of four lines
        var ledger = await LedgerWithAsync(4);
        var anchor = (await ledger.ReadAsync()).Chain.Head!;
        await File.WriteAllLinesAsync(LedgerPath, (await File.ReadAllLinesAsync(LedgerPath)).Take(3));

        // Act
        var chain = (await ledger.ReadAsync()).Chain;

        // Assert
        chain.Intact.ShouldBeTrue();
        chain.FindAnchor(anchor).ShouldBeNull();
    }

    [Fact]
    public async Task ATornLastLineIsReportedAsIncompleteAndTheNextAppendChainsToIt()
    {
        // Arrange
        var ledger = await LedgerWithAsync(2);
        await File.AppendAllTextAsync(LedgerPath, "{\"id\":\"torn\",\"envi");

        // Act
        var torn = (await ledger.ReadAsync()).Chain;
        await ledger.AppendAsync(Entry("c", LedgerOutcomes.Failed));
        var after = (await ledger.ReadAsync()).Chain;

        // Assert
        torn.Intact.ShouldBeTrue();
        torn.IncompleteLastLine.ShouldBe(3);
        torn.HeadLine.ShouldBe(2);
        after.Intact.ShouldBeTrue();
        after.IncompleteLastLine.ShouldBeNull();
        after.VerifiedLines.ShouldBe(3);
        (await File.ReadAllLinesAsync(LedgerPath))[3].ShouldContain($"\"previous\":\"{Sha256("{\"id\":\"torn\",\"envi")}\"");
    }

    [Fact]
    public async Task ALedgerWrittenBeforeChainingStartsItsChainAtTheFirstLineThatHasOne()
    {
        // Arrange: two lines from before chaining, then two appends
        Directory.CreateDirectory(_directory);
        var legacy = "{\"id\":\"old\",\"environment\":\"local\",\"action\":\"deploy\",\"outcome\":\"succeeded\",\"who\":\"ann\",\"startedAt\":\"2025-01-01T00:00:00+00:00\"}";
        await File.WriteAllTextAsync(LedgerPath, legacy + "\n" + legacy.Replace("old", "older", StringComparison.Ordinal) + "\n");
        var ledger = new DeploymentLedger(LedgerPath);
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Started));
        await ledger.AppendAsync(Entry("a", LedgerOutcomes.Succeeded));

        // Act
        var contents = await ledger.ReadAsync();

        // Assert
        contents.Entries.Count.ShouldBe(4);
        contents.Chain.Intact.ShouldBeTrue();
        contents.Chain.StartLine.ShouldBe(3);
        contents.Chain.VerifiedLines.ShouldBe(2);
    }

    [Fact]
    public async Task ALineWithoutAHashAfterTheChainStartsIsNamed()
    {
        // Arrange
        var ledger = await LedgerWithAsync(2);
        await File.AppendAllTextAsync(LedgerPath, "{\"id\":\"forged\",\"environment\":\"local\",\"action\":\"deploy\",\"outcome\":\"succeeded\",\"who\":\"eve\",\"startedAt\":\"2025-01-01T00:00:00+00:00\"}\n");

        // Act
        var chain = (await ledger.ReadAsync()).Chain;

        // Assert
        var first = chain.Breaks.ShouldHaveSingleItem();
        first.LineNumber.ShouldBe(3);
        first.Problem.ShouldContain("has no \"previous\" hash, though the chain starts at line 1");
    }

    [Fact]
    public async Task ConcurrentAppendsKeepTheChain()
    {
        // Arrange
        var ledger = new DeploymentLedger(LedgerPath);
        var reason = new string('r', 6000);

        // Act: lines longer than the tail chunk the append reads back
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => ledger.AppendAsync(Entry($"e{i}", LedgerOutcomes.Failed) with { Reason = reason }))));

        // Assert
        var contents = await ledger.ReadAsync();
        contents.Entries.Count.ShouldBe(40);
        contents.Chain.Breaks.ShouldBeEmpty();
        contents.Chain.VerifiedLines.ShouldBe(40);
    }

    [Fact]
    public void AnAnchorThatIsNotHexIsRefusedWithWhatToPass()
    {
        // Act
        var error = Should.Throw<ArgumentException>(() => LedgerChain.Empty.FindAnchor("not-a-hash"));

        // Assert
        error.Message.ShouldContain("'not-a-hash' is not 16 to 64 hex digits");
    }

    [Fact]
    public async Task AuditPassesAnIntactLedgerAndFindsItsAnchor()
    {
        // Arrange
        var ledger = await LedgerWithAsync(3);
        var head = (await ledger.ReadAsync()).Chain.Head!;
        await ledger.AppendAsync(Entry("later", LedgerOutcomes.Started));

        // Act
        var result = await LedgerAudit.RunAsync(LedgerPath, head[..20]);

        // Assert
        result.Passed.ShouldBeTrue(result.Report);
        result.Report.ShouldContain("4 complete lines");
        result.Report.ShouldContain("chained from line 1, 4 links verified");
        result.Report.ShouldContain($"The anchor {head[..20]} is line 3.");
    }

    [Fact]
    public async Task AuditFailsNamingTheFirstBadLineAndHowToInvestigate()
    {
        // Arrange: line 2 edited, and later line 4 removed
        var ledger = await LedgerWithAsync(6);
        var lines = (await File.ReadAllLinesAsync(LedgerPath)).ToList();
        lines[1] = lines[1].Replace("\"outcome\":\"succeeded\"", "\"outcome\":\"failed\"", StringComparison.Ordinal);
        lines.RemoveAt(3);
        await File.WriteAllLinesAsync(LedgerPath, lines);

        // Act
        var result = await LedgerAudit.RunAsync(LedgerPath);

        // Assert
        result.Passed.ShouldBeFalse();
        result.Report.ShouldContain("First bad line: line 3 carries previous hash");
        result.Report.ShouldContain("line 2 was changed after line 3 was written");
        result.Report.ShouldContain("Compare lines 2 and 3 with the deploy logs or a backup");
        result.Report.ShouldContain("1 more break(s), at line(s) 4.");
    }

    [Fact]
    public async Task AuditFailsWhenTheAnchorIsNoLongerALine()
    {
        // Arrange
        var ledger = await LedgerWithAsync(3);
        var head = (await ledger.ReadAsync()).Chain.Head!;
        await File.WriteAllLinesAsync(LedgerPath, (await File.ReadAllLinesAsync(LedgerPath)).Take(2));

        // Act
        var result = await LedgerAudit.RunAsync(LedgerPath, head);

        // Assert
        result.Passed.ShouldBeFalse();
        result.Report.ShouldContain($"No line hashes to the anchor {head}: the line it anchored was changed or removed");
    }

    [Fact]
    public async Task AuditFailsWhenThereIsNoLedger()
    {
        // Act
        var result = await LedgerAudit.RunAsync(LedgerPath);

        // Assert
        result.Passed.ShouldBeFalse();
        result.Report.ShouldContain("There is no ledger at");
        result.Report.ShouldContain("--ledger");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    private async Task<DeploymentLedger> LedgerWithAsync(int lines)
    {
        var ledger = new DeploymentLedger(LedgerPath);
        for (var i = 0; i < lines; i++)
            await ledger.AppendAsync(Entry($"e{i}", i % 2 == 0 ? LedgerOutcomes.Started : LedgerOutcomes.Succeeded));
        return ledger;
    }

    private static string Sha256(string line) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));

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
