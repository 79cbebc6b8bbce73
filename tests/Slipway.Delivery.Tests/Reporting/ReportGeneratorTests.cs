using Slipway.Delivery.Reporting;
using Slipway.Delivery.Tests.Reporting.GitHub;

namespace Slipway.Delivery.Tests.Reporting;

public sealed class ReportGeneratorTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task WritesTheReportRecordsTheRunAndPublishesOnGitHub()
    {
        // Arrange
        await using var github = CommitStatusPublisherTests.StartGitHub();
        var inputs = ReportFixtures.Inputs("succeeded", _scratch.Path);
        var summary = Path.Combine(_scratch.Path, "step-summary.md");
        var gitHubEnvironment = CommitStatusPublisherTests.Environment(github.Address);
        Func<string, string?> environment = name => name == "GITHUB_STEP_SUMMARY" ? summary : gitHubEnvironment(name);

        // Act
        var result = await ReportGenerator.GenerateAsync(inputs, Path.Combine(_scratch.Path, "report"), environment);

        // Assert
        File.Exists(result.Files.Html).ShouldBeTrue();
        result.HistoryRecorded.ShouldBeTrue();
        (await RunHistory.ReadAsync(inputs.HistoryPath!)).Count.ShouldBe(4);
        result.StepSummaryWritten.ShouldBeTrue();
        (await File.ReadAllTextAsync(summary)).ShouldBe(await File.ReadAllTextAsync(result.Files.Markdown));
        result.CommitStatusPublished.ShouldBeTrue();
        github.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task LinksTheCiRunThatTheRunRecordNames()
    {
        // Arrange
        const string jobUrl = "https://gitlab.example.org/group/slipway/-/jobs/42";
        var runRecord = Path.Combine(_scratch.Path, "run.json");
        var text = await File.ReadAllTextAsync(Path.Combine(ReportFixtures.Directory("succeeded"), "run.json"));
        await File.WriteAllTextAsync(runRecord, text.Replace("\"host\": \"console\",", $"\"host\": \"gitlab-ci\",\n    \"runUrl\": \"{jobUrl}\",", StringComparison.Ordinal));
        var inputs = ReportFixtures.Inputs("succeeded", _scratch.Path) with { RunRecordPath = runRecord };

        // Act
        var result = await ReportGenerator.GenerateAsync(inputs, Path.Combine(_scratch.Path, "report"), _ => null);

        // Assert
        result.Model.Run.RunUrl.ShouldBe(jobUrl);
        (await File.ReadAllTextAsync(result.Files.Html)).ShouldContain($"<a href=\"{jobUrl}\">CI run</a>");
        (await File.ReadAllTextAsync(result.Files.Markdown)).ShouldContain($"CI run: <{jobUrl}>");
        (await File.ReadAllTextAsync(result.Files.Json)).ShouldContain($"\"runUrl\": \"{jobUrl}\"");
    }

    [Fact]
    public async Task LinksTheCiJobThatMadeTheLatestDeployment()
    {
        // Arrange: the ledger's last entry was written by a Jenkins build
        const string buildUrl = "https://jenkins.example.org/job/slipway/17/";
        var ledger = Path.Combine(_scratch.Path, "ledger.jsonl");
        var lines = await File.ReadAllLinesAsync(Path.Combine(ReportFixtures.Directory("succeeded"), "ledger.jsonl"));
        lines[^1] = lines[^1].Replace("\"who\": ", $"\"runUrl\": \"{buildUrl}\", \"who\": ", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(ledger, lines);
        var inputs = ReportFixtures.Inputs("succeeded", _scratch.Path) with { LedgerPath = ledger };

        // Act
        var result = await ReportGenerator.GenerateAsync(inputs, Path.Combine(_scratch.Path, "report"), _ => null);

        // Assert
        result.Model.Deployment.Latest!.RunUrl.ShouldBe(buildUrl);
        result.Model.Deployment.History.Count(d => d.RunUrl == buildUrl).ShouldBe(1);
        (await File.ReadAllTextAsync(result.Files.Html)).ShouldContain($" from <a href=\"{buildUrl}\">CI run</a>");
        (await File.ReadAllTextAsync(result.Files.Markdown)).ShouldContain($"Deployed from CI run <{buildUrl}>");
    }

    [Fact]
    public async Task WritesTheReportOffGitHubWithoutTouchingIt()
    {
        // Arrange
        var inputs = ReportInputs.ForRepository(_scratch.Path).WithNow(ReportFixtures.Now);

        // Act
        var result = await ReportGenerator.GenerateAsync(inputs, Path.Combine(_scratch.Path, "artifacts", "report"), _ => null);

        // Assert
        result.Model.Headline.Outcome.ShouldBe("Unknown");
        File.Exists(result.Files.Json).ShouldBeTrue();
        result.HistoryRecorded.ShouldBeFalse();
        result.StepSummaryWritten.ShouldBeFalse();
        result.CommitStatusPublished.ShouldBeFalse();
    }

    [Fact]
    public async Task KeepsTheReportWhenGitHubRefusesTheStatus()
    {
        // Arrange
        await using var github = Smoke.LocalHttpServer.Start(_ => (403, "{\"message\":\"Resource not accessible by integration\"}"));
        var inputs = ReportFixtures.Inputs("failed", _scratch.Path);

        // Act
        var result = await ReportGenerator.GenerateAsync(inputs, Path.Combine(_scratch.Path, "report"), CommitStatusPublisherTests.Environment(github.Address));

        // Assert
        result.CommitStatusPublished.ShouldBeFalse();
        File.Exists(result.Files.Html).ShouldBeTrue();
    }

    public void Dispose() => _scratch.Dispose();
}
