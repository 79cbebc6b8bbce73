using Slipway.Delivery.Deployment;
using Slipway.Delivery.GitHub;
using Slipway.Delivery.Tests.GitHub;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>What a deploy tells others: the lock while it runs, GitHub deployment statuses and the ledger.</summary>
[Collection(DeployCollection.Name)]
public sealed class DeployCoordinationTests(DeployFixture fixture)
{
    private const string Token = "ghs_deploy_standin";

    [Fact]
    public async Task ASecondDeployWhileOneRunsFailsAtOnceNamingTheHolderAndTheLockIsFreeWhenTheFirstEnds()
    {
        // Arrange: the first deploy's candidate never gets ready, so it holds the lock in its gates until cancelled
        await using var scope = new DeployScope(fixture);
        var lockPath = DeploymentLock.PathFor(scope.StateDirectory, "local");
        using var cancellation = new CancellationTokenSource();
        var first = scope.Deployer.DeployAsync(scope.Request with { Image = fixture.NeverReady }, cancellation.Token);
        await Eventually.UntilAsync(() => DeploymentLock.ReadHolder(lockPath) is not null, $"the first deploy to take '{lockPath}'");
        // cancelled while the engine is still creating its candidate, the deploy could not know the container to remove
        await Eventually.UntilAsync(async () => (await scope.ContainersAsync()).Any(c => c.Names[0].EndsWith("-blue", StringComparison.Ordinal)), "the first deploy's candidate to be created");

        // Act
        var second = await Should.ThrowAsync<DeploymentLockedException>(() => scope.Deployer.DeployAsync(scope.Request with { Image = fixture.V2 }));
        await cancellation.CancelAsync();

        // Assert
        second.Message.ShouldContain($"Environment 'local' is locked by another deploy: pid {Environment.ProcessId} on host '{Environment.MachineName}'");
        await Should.ThrowAsync<OperationCanceledException>(() => first);
        (await scope.ContainersAsync()).ShouldNotContain(c => c.Names[0].EndsWith("-blue", StringComparison.Ordinal));
        DeploymentLock.ReadHolder(lockPath).ShouldBeNull("the lock is released when the deploy ends");
        File.Exists(lockPath).ShouldBeTrue("the lock file is never deleted");
    }

    [Fact]
    public async Task ADeployOnGitHubCreatesADeploymentAndPostsInProgressThenSuccessWithTheEnvironmentUrl()
    {
        // Arrange
        using var gitHub = new GitHubStandIn(Token);
        await using var scope = new DeployScope(fixture);

        // Act
        await scope.Deployer.DeployAsync(scope.Request with { GitHub = Context(gitHub) });

        // Assert
        var requests = gitHub.Requests.ToArray();
        requests.Select(r => (r.Method, r.Path.Split('/').Last())).ShouldBe([("POST", "deployments"), ("POST", "statuses"), ("POST", "statuses")]);
        requests.ShouldAllBe(r => r.Authorization == "Token " + Token);
        requests[0].Body!["environment"]!.GetValue<string>().ShouldBe("local");
        requests[1].Body!["state"]!.GetValue<string>().ShouldBe("in_progress");
        requests[2].Body!["state"]!.GetValue<string>().ShouldBe("success");
        requests[2].Body!["environment_url"]!.GetValue<string>().ShouldBe(scope.Edge.ToString());
        requests[2].Body!["log_url"]!.GetValue<string>().ShouldBe("https://github.com/acme/slipway/actions/runs/77");
    }

    [Fact]
    public async Task AFailedDeployOnGitHubPostsFailureWithTheReason()
    {
        // Arrange
        using var gitHub = new GitHubStandIn(Token);
        await using var scope = new DeployScope(fixture);

        // Act
        await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(scope.Request with { Image = fixture.WrongShape, GitHub = Context(gitHub) }));

        // Assert
        var last = gitHub.Requests.ToArray()[^1];
        last.Body!["state"]!.GetValue<string>().ShouldBe("failure");
        last.Body!["description"]!.GetValue<string>().ShouldContain("deploy failed");
    }

    [Fact]
    public async Task OffGitHubTheDeploySaysSoInOneLogLine()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);

        // Act
        await scope.Deployer.DeployAsync(scope.Request);

        // Assert
        scope.Log.Messages.Count(m => m.Contains("GitHub deployment status is off", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task EveryDeployWritesAStartedLineThenAFinalLineWithPhaseTimesAndImage()
    {
        // Arrange
        await using var scope = new DeployScope(fixture);

        // Act
        await scope.Deployer.DeployAsync(scope.Request);

        // Assert
        var entries = (await scope.Ledger.ReadAsync()).Entries;
        entries.Select(e => e.Outcome).ShouldBe([LedgerOutcomes.Started, LedgerOutcomes.Succeeded]);
        entries[0].Id.ShouldBe(entries[1].Id);
        var final = entries[1];
        final.Who.ShouldBe("deploy-tests");
        final.Commit.ShouldBe("0123456789abcdef0123456789abcdef01234567");
        entries.ShouldAllBe(e => e.RunUrl == "https://gitlab.example.org/slipway/-/jobs/7");
        final.ImageId.ShouldBe(fixture.V1);
        final.Models.ShouldBe([new ModelVersion("m", "1", null)]);
        final.PhaseDurationsMs.Keys.ShouldBe(["start", "ready", "smoke", "warm-up", "switch", "verify", "drain"], ignoreOrder: true);
        final.FinishedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(final.StartedAt);
        final.Backend.ShouldBe("engine");
        final.Endpoint.ShouldBe(scope.Edge.ToString());
    }

    private static GitHubContext Context(GitHubStandIn gitHub) =>
        GitHubContext.FromEnvironment(name => name switch
        {
            "GITHUB_TOKEN" => Token,
            "GITHUB_REPOSITORY" => "acme/slipway",
            "GITHUB_SHA" => "0123456789abcdef0123456789abcdef01234567",
            "GITHUB_API_URL" => gitHub.BaseUri.ToString(),
            "GITHUB_RUN_ID" => "77",
            _ => null,
        }, out _)!;
}
