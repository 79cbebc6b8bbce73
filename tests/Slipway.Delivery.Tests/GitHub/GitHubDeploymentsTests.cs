using Octokit;
using Slipway.Delivery.GitHub;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.GitHub;

public sealed class GitHubDeploymentsTests
{
    private const string Token = "ghs_standin_0123456789";

    [Fact]
    public async Task StartCreatesADeploymentForTheEnvironmentAtTheCommitAndPostsInProgress()
    {
        // Arrange
        using var gitHub = new GitHubStandIn(Token);
        var deployments = new GitHubDeployments(Context(gitHub), TestLog.Silent);

        // Act
        var deployment = await deployments.StartAsync("staging", "deploy slipway:1.2.0");

        // Assert
        var requests = gitHub.Requests.ToArray();
        requests.Length.ShouldBe(2);
        requests[0].Method.ShouldBe("POST");
        requests[0].Path.ShouldBe("/repos/acme/slipway/deployments");
        requests[0].Authorization.ShouldBe("Token " + Token);
        requests[0].Body!["ref"]!.GetValue<string>().ShouldBe("0123456789abcdef0123456789abcdef01234567");
        requests[0].Body!["environment"]!.GetValue<string>().ShouldBe("staging");
        requests[0].Body!["auto_merge"]!.GetValue<bool>().ShouldBeFalse();
        requests[1].Path.ShouldBe($"/repos/acme/slipway/deployments/{deployment.Id}/statuses");
        requests[1].Body!["state"]!.GetValue<string>().ShouldBe("in_progress");
        requests[1].Body!["log_url"]!.GetValue<string>().ShouldBe("https://github.com/acme/slipway/actions/runs/987654");
    }

    [Fact]
    public async Task SuccessPostsTheEnvironmentUrl()
    {
        // Arrange
        using var gitHub = new GitHubStandIn(Token);
        var deployment = await new GitHubDeployments(Context(gitHub), TestLog.Silent).StartAsync("local", "deploy");

        // Act
        await deployment.SucceedAsync("http://127.0.0.1:8080/", "deploy succeeded");

        // Assert
        var status = gitHub.Requests.ToArray()[^1];
        status.Method.ShouldBe("POST");
        status.Body!["state"]!.GetValue<string>().ShouldBe("success");
        status.Body!["environment_url"]!.GetValue<string>().ShouldBe("http://127.0.0.1:8080/");
        status.Body!["log_url"]!.GetValue<string>().ShouldBe("https://github.com/acme/slipway/actions/runs/987654");
    }

    [Fact]
    public async Task FailurePostsFailureWithTheReasonCutToGitHubsLimit()
    {
        // Arrange
        using var gitHub = new GitHubStandIn(Token);
        var deployment = await new GitHubDeployments(Context(gitHub), TestLog.Silent).StartAsync("local", "deploy");

        // Act
        await deployment.FailAsync("deploy failed at the 'smoke' gate: " + new string('x', 300));

        // Assert
        var status = gitHub.Requests.ToArray()[^1];
        status.Body!["state"]!.GetValue<string>().ShouldBe("failure");
        var description = status.Body!["description"]!.GetValue<string>();
        description.Length.ShouldBe(140);
        description.ShouldStartWith("deploy failed at the 'smoke' gate");
    }

    [Fact]
    public async Task AWrongTokenIsRefusedByTheApi()
    {
        // Arrange
        using var gitHub = new GitHubStandIn(Token);
        var deployments = new GitHubDeployments(Context(gitHub) with { Token = "wrong" }, TestLog.Silent);

        // Act
        var failure = await Should.ThrowAsync<AuthorizationException>(() => deployments.StartAsync("local", "deploy"));

        // Assert
        failure.Message.ShouldContain("Bad credentials");
        gitHub.Requests.Single().Authorization.ShouldBe("Token wrong");
    }

    private static GitHubContext Context(GitHubStandIn gitHub) =>
        GitHubContext.FromEnvironment(name => name switch
        {
            "GITHUB_TOKEN" => Token,
            "GITHUB_REPOSITORY" => "acme/slipway",
            "GITHUB_SHA" => "0123456789abcdef0123456789abcdef01234567",
            "GITHUB_API_URL" => gitHub.BaseUri.ToString(),
            "GITHUB_SERVER_URL" => "https://github.com",
            "GITHUB_RUN_ID" => "987654",
            _ => null,
        }, out _)!;
}
