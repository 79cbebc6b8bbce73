using Slipway.Delivery.GitHub;

namespace Slipway.Delivery.Tests.GitHub;

public sealed class GitHubContextTests
{
    [Fact]
    public void IsOffWithTheReasonWhenNotOnGitHubActions()
    {
        // Act
        var context = GitHubContext.FromEnvironment(_ => null, out var reason);

        // Assert
        context.ShouldBeNull();
        reason.ShouldBe("GitHub deployments are off: GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_SHA not set (not running on GitHub Actions).");
    }

    [Fact]
    public void ReadsTheActionsEnvironmentAndDefaultsTheUrlsToGitHubCom()
    {
        // Act
        var context = GitHubContext.FromEnvironment(name => name switch
        {
            "GITHUB_TOKEN" => "secret",
            "GITHUB_REPOSITORY" => "acme/slipway",
            "GITHUB_SHA" => "abc123",
            "GITHUB_RUN_ID" => "42",
            _ => null,
        }, out _);

        // Assert
        context.ShouldNotBeNull();
        context.Owner.ShouldBe("acme");
        context.Repository.ShouldBe("slipway");
        context.ApiUrl.ShouldBe(new Uri("https://api.github.com"));
        context.LogUrl.ShouldBe("https://github.com/acme/slipway/actions/runs/42");
    }

    [Fact]
    public void NeverShowsTheTokenWhenPrinted()
    {
        // Arrange
        var context = GitHubContext.FromEnvironment(name => name switch
        {
            "GITHUB_TOKEN" => "ghs_supersecret",
            "GITHUB_REPOSITORY" => "acme/slipway",
            "GITHUB_SHA" => "abc123",
            _ => null,
        }, out _)!;

        // Act
        var text = context.ToString();

        // Assert
        text.ShouldNotContain("ghs_supersecret");
        text.ShouldContain("acme/slipway");
    }

    [Fact]
    public void AMalformedRepositoryAndApiUrlAreReportedTogether()
    {
        // Act
        var failure = Should.Throw<ArgumentException>(() => GitHubContext.FromEnvironment(name => name switch
        {
            "GITHUB_TOKEN" => "secret",
            "GITHUB_REPOSITORY" => "just-a-name",
            "GITHUB_SHA" => "abc123",
            "GITHUB_API_URL" => "ftp://nowhere",
            _ => null,
        }, out _));

        // Assert
        failure.Message.ShouldContain("GITHUB_REPOSITORY 'just-a-name' is not 'owner/name'.");
        failure.Message.ShouldContain("GITHUB_API_URL 'ftp://nowhere' is not an http(s) URL.");
    }
}
