using System.Text.Json.Nodes;
using Slipway.Delivery.Reporting;
using Slipway.Delivery.Reporting.GitHub;
using Slipway.Delivery.Reporting.Model;
using Slipway.Delivery.Tests.Smoke;

namespace Slipway.Delivery.Tests.Reporting.GitHub;

public sealed class CommitStatusPublisherTests : IDisposable
{
    private const string Sha = "3f2a9c1d7e5b4a6f8c0d2e4f6a8b0c2d4e6f8a0b";
    private const string Token = "ghs_standInToken123";
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task PostsTheHeadlineAsACommitStatusOnTheBuiltCommit()
    {
        // Arrange
        await using var github = StartGitHub();
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Act
        var published = await CommitStatusPublisher.PublishIfOnGitHubAsync(report, Environment(github.Address));

        // Assert
        published.ShouldBeTrue();
        var request = github.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe($"/repos/octo-org/slipway/statuses/{Sha}");
        request.Headers["Authorization"].ShouldBe($"token {Token}", StringCompareShould.IgnoreCase);
        var body = JsonNode.Parse(request.Body)!;
        body["state"]!.GetValue<string>().ShouldBe("success");
        body["context"]!.GetValue<string>().ShouldBe("slipway/pipeline");
        body["description"]!.GetValue<string>().ShouldBe("Pipeline succeeded · tests 7/8 passed · coverage 80.0% · deploy succeeded (1.4.0) · p95 7.99 ms · ledger " + report.Deployment.Chain!.Head![..16]);
        body["target_url"]!.GetValue<string>().ShouldBe("https://github.com/octo-org/slipway/actions/runs/4242");
    }

    [Fact]
    public async Task MarksAFailedPipelineAsAFailure()
    {
        // Arrange
        await using var github = StartGitHub();
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("failed", _scratch.Path));

        // Act
        await CommitStatusPublisher.PublishIfOnGitHubAsync(report, Environment(github.Address));

        // Assert
        var body = JsonNode.Parse(github.Requests.ShouldHaveSingleItem().Body)!;
        body["state"]!.GetValue<string>().ShouldBe("failure");
        body["description"]!.GetValue<string>().ShouldBe("Pipeline failed at Test · tests 2 of 8 failed · ledger " + report.Deployment.Chain!.Head![..16]);
    }

    [Fact]
    public async Task StaysOffWithoutARequestWhenNotOnGitHubActions()
    {
        // Arrange
        await using var github = StartGitHub();
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));
        var environment = Environment(github.Address);

        // Act
        var published = await CommitStatusPublisher.PublishIfOnGitHubAsync(report, name => name == "GITHUB_ACTIONS" ? null : environment(name));

        // Assert
        published.ShouldBeFalse();
        github.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExplainsAStatusGitHubRefused()
    {
        // Arrange
        await using var github = LocalHttpServer.Start(_ => (403, "{\"message\":\"Resource not accessible by integration\"}"));
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));

        // Act
        var error = await Should.ThrowAsync<InvalidOperationException>(() => CommitStatusPublisher.PublishIfOnGitHubAsync(report, Environment(github.Address)));

        // Assert
        error.Message.ShouldContain("octo-org/slipway@" + Sha);
        error.Message.ShouldContain("403");
        error.Message.ShouldContain("statuses: write");
    }

    [Fact]
    public void ShortensADescriptionToGitHubsLimit()
    {
        // Arrange
        var report = ReportModels.WithHeadline("Failed", new string('x', 300));

        // Act
        var status = CommitStatusPublisher.StatusOf(report, null);

        // Assert
        status.Description.Length.ShouldBe(140);
        status.Description.ShouldEndWith("…");
    }

    [Fact]
    public void KeepsTheLedgerAnchorWholeWhenItShortensTheDescription()
    {
        // Arrange
        var head = new string('a', 64);
        var report = ReportModels.WithHeadline("Succeeded", new string('x', 300)) with
        {
            Deployment = new DeploymentSection { Reason = "none", Chain = new LedgerChainReport { Head = head, HeadLine = 3, StartLine = 1, VerifiedLines = 3, Intact = true } },
        };

        // Act
        var status = CommitStatusPublisher.StatusOf(report, null);

        // Assert
        status.Description.Length.ShouldBe(140);
        status.Description.ShouldEndWith("… · ledger " + head[..16]);
    }

    [Fact]
    public void SaysTheLedgerChainIsBrokenBesideItsHead()
    {
        // Arrange
        var head = new string('b', 64);
        var report = ReportModels.WithHeadline("Succeeded", "Pipeline succeeded") with
        {
            Deployment = new DeploymentSection { Reason = "none", Chain = new LedgerChainReport { Head = head, HeadLine = 3, StartLine = 1, VerifiedLines = 1, Intact = false, FirstBreak = "line 3: …" } },
        };

        // Act
        var status = CommitStatusPublisher.StatusOf(report, null);

        // Assert
        status.Description.ShouldBe("Pipeline succeeded · ledger BROKEN " + head[..16]);
    }

    internal static LocalHttpServer StartGitHub() =>
        LocalHttpServer.Start(request => (201, $$"""{"id":1,"state":"success","context":"slipway/pipeline","url":"{{request.Path}}"}"""));

    internal static Func<string, string?> Environment(Uri api) => name => name switch
    {
        "GITHUB_ACTIONS" => "true",
        "GITHUB_TOKEN" => Token,
        "GITHUB_REPOSITORY" => "octo-org/slipway",
        "GITHUB_SHA" => Sha,
        "GITHUB_API_URL" => api.AbsoluteUri.TrimEnd('/'),
        "GITHUB_SERVER_URL" => "https://github.com",
        "GITHUB_RUN_ID" => "4242",
        _ => null,
    };

    public void Dispose() => _scratch.Dispose();
}
