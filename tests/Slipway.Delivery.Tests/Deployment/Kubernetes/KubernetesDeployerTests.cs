using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Kubernetes;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment.Kubernetes;

/// <summary>
/// The apply path against the local API-server stand-in (no Kubernetes API server can run on this machine): server-side
/// apply of every object, the Lease lock, the wait on the rollout, the rollback with events and logs, the ledger, and the
/// messages for bad credentials, RBAC and an unreachable server.
/// </summary>
public sealed class KubernetesDeployerTests : IAsyncDisposable
{
    private const string Good = "127.0.0.1:5000/slipway@sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Broken = "127.0.0.1:5000/slipway-broken@sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private readonly KubernetesApiStandIn _api = new();
    private readonly string _state = Directory.CreateTempSubdirectory("slipway-k8s-deploy-").FullName;

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    private DeployRequest Request => new() { App = "slipway", Environment = "staging", StateDirectory = _state, Commit = "abc123" };

    private static KubernetesEnvironment Environment(string image) => new()
    {
        App = "slipway",
        Environment = "staging",
        Image = image,
        GateTimeout = TimeSpan.FromSeconds(20),
        DrainGrace = TimeSpan.FromSeconds(5),
        Models = [new ModelVersion("minilm", "1", "sha256:abc")],
    };

    private KubernetesDeployer Deployer() => Connect(_api.WriteKubeconfig(Path.Combine(_state, "kubeconfig")));

    private static KubernetesDeployer Connect(string kubeconfig)
    {
        var connection = KubernetesConnection.Resolve(kubeconfig, null, _ => null)!;
        return new KubernetesDeployer(new k8s.Kubernetes(connection.Configuration), connection.Server, new TestLog().Logger) { PollInterval = TimeSpan.FromMilliseconds(50) };
    }

    [Fact]
    public async Task AFirstDeployAppliesEveryObjectServerSideUnderTheLeaseAndWaitsForTheRollout()
    {
        // Act
        var result = await Deployer().DeployAsync(Request, Environment(Good));

        // Assert
        _api.Problems.ShouldBeEmpty();
        result.Outcome.ShouldBe(DeployOutcome.Succeeded);
        var patched = _api.Requests.Where(r => r.Method == "PATCH").Select(r => r.Path.Split('?')[0]).ToList();
        patched.ShouldBe([
            "/api/v1/namespaces/slipway-staging",
            "/apis/apps/v1/namespaces/slipway-staging/deployments/slipway",
            "/api/v1/namespaces/slipway-staging/services/slipway",
            "/apis/policy/v1/namespaces/slipway-staging/poddisruptionbudgets/slipway",
            "/apis/autoscaling/v2/namespaces/slipway-staging/horizontalpodautoscalers/slipway",
            "/apis/networking.k8s.io/v1/namespaces/slipway-staging/networkpolicies/slipway"]);
        var lease = _api.Requests.Where(r => r.Path.Contains("/leases", StringComparison.Ordinal)).Select(r => r.Method).ToList();
        lease.ShouldBe(["POST", "DELETE"]);
        var requests = _api.Requests.ToList();
        requests.FindIndex(r => r.Method == "POST" && r.Path.Contains("/leases", StringComparison.Ordinal))
            .ShouldBeLessThan(requests.FindIndex(r => r.Method == "PATCH" && r.Path.Contains("/deployments/", StringComparison.Ordinal)));
        _api.Object("/apis/apps/v1/namespaces/slipway-staging/deployments/slipway")!["spec"]!["template"]!["metadata"]!["annotations"]!["models.slipway.org/minilm"]!.GetValue<string>().ShouldBe("1 sha256:abc");
        result.LedgerEntry.Backend.ShouldBe("kubernetes");
        result.LedgerEntry.Outcome.ShouldBe(LedgerOutcomes.Succeeded);
        result.LedgerEntry.ImageReference.ShouldBe(Good);
    }

    [Fact]
    public async Task AFailedRolloutRollsBackToThePreviousRevisionAndReportsThePodsEventsAndLogs()
    {
        // Arrange
        await Deployer().DeployAsync(Request, Environment(Good));

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => Deployer().DeployAsync(Request, Environment(Broken)));

        // Assert
        _api.Problems.ShouldBeEmpty();
        failure.Message.ShouldContain("ProgressDeadlineExceeded");
        failure.Message.ShouldContain($"Rolled back to the previous revision ({Good})");
        failure.CandidateLogs.ShouldNotBeNull();
        failure.CandidateLogs.ShouldContain("BackOff: Back-off restarting failed container service");
        failure.CandidateLogs.ShouldContain("model load failed: broken weights");
        _api.Object("/apis/apps/v1/namespaces/slipway-staging/deployments/slipway")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>().ShouldBe(Good);
        failure.LedgerEntry!.Outcome.ShouldBe(LedgerOutcomes.RolledBack);
        _api.Object("/apis/coordination.k8s.io/v1/namespaces/slipway-staging/leases/slipway-deploy").ShouldBeNull();
    }

    [Fact]
    public async Task ACanaryAppliesTheRolloutAndItsAnalysisAndAnAbortedRolloutIsRolledBack()
    {
        // Arrange
        var canary = Environment(Good) with { Strategy = DeploymentStrategy.Canary };
        var rollout = "/apis/argoproj.io/v1alpha1/namespaces/slipway-staging/rollouts/slipway";

        // Act
        var first = await Deployer().DeployAsync(Request, canary);
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => Deployer().DeployAsync(Request, canary with { Image = Broken }));

        // Assert
        _api.Problems.ShouldBeEmpty();
        first.Outcome.ShouldBe(DeployOutcome.Succeeded);
        first.LedgerEntry.Strategy.ShouldBe("argo-rollouts-canary");
        _api.Requests.Where(r => r.Method == "PATCH").Select(r => r.Path.Split('?')[0])
            .ShouldContain("/apis/argoproj.io/v1alpha1/namespaces/slipway-staging/analysistemplates/slipway-canary");
        _api.Requests.ShouldNotContain(r => r.Path.Contains("/deployments/", StringComparison.Ordinal));
        failure.Message.ShouldContain("was aborted (phase Degraded: RolloutAborted: Metric \"success-rate\" assessed Failed");
        failure.Message.ShouldContain($"Rolled back to the previous revision ({Good})");
        _api.Object(rollout)!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>().ShouldBe(Good);
        failure.LedgerEntry!.Outcome.ShouldBe(LedgerOutcomes.RolledBack);
    }

    [Fact]
    public async Task AnotherDeploysLeaseStopsTheDeployNamingItsHolder()
    {
        // Arrange: another runner holds the lease
        await Deployer().DeployAsync(Request, Environment(Good));
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "stand-in-token");
        var lease = $$$"""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"slipway-deploy","namespace":"slipway-staging"},"spec":{"holderIdentity":"ci-runner-7 deploy 42","leaseDurationSeconds":600,"renewTime":"{{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.ffffffZ}}}"}}""";
        (await client.PostAsync($"{_api.Server}/apis/coordination.k8s.io/v1/namespaces/slipway-staging/leases", new StringContent(lease, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var patches = _api.Requests.Count(r => r.Method == "PATCH");

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => Deployer().DeployAsync(Request, Environment(Broken)));

        // Assert
        failure.Message.ShouldContain("locked by another deploy: ci-runner-7 deploy 42");
        _api.Requests.Count(r => r.Method == "PATCH").ShouldBe(patches + 1); // the namespace only
    }

    [Fact]
    public async Task ForbiddenByRbacNamesTheRequestTheMissingRightsAndWhatWasApplied()
    {
        // Arrange
        _api.ForbiddenResource = "poddisruptionbudgets";

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => Deployer().DeployAsync(Request, Environment(Good)));

        // Assert
        failure.Message.ShouldContain("forbidden (403) PATCH /apis/policy/v1/namespaces/slipway-staging/poddisruptionbudgets/slipway");
        failure.Message.ShouldContain("Grant them, in namespace slipway-staging");
        failure.Message.ShouldContain("Applied before the failure: Namespace/slipway-staging, Deployment/slipway, Service/slipway; the rest was not.");
        failure.LedgerEntry!.Outcome.ShouldBe(LedgerOutcomes.Failed);
    }

    [Fact]
    public async Task AnUnreachableApiServerIsNamedWithTheFix()
    {
        // Arrange: a kubeconfig naming a port nothing listens on
        var closed = FreePort.Next();
        var path = Path.Combine(_state, "unreachable");
        await File.WriteAllTextAsync(path, File.ReadAllText(_api.WriteKubeconfig(Path.Combine(_state, "template"))).Replace(_api.Server, $"http://127.0.0.1:{closed}"));
        var deployer = Connect(path);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => deployer.DeployAsync(Request, Environment(Good)));

        // Assert
        failure.Message.ShouldContain($"Cannot reach the Kubernetes API server at http://127.0.0.1:{closed}");
        failure.Message.ShouldContain("Nothing was applied.");
    }

    [Fact]
    public void AMissingOrBrokenKubeconfigIsRefusedAndNoneMeansRenderOnlyNeverLocalhost8080()
    {
        // Arrange
        var broken = Path.Combine(_state, "broken");
        File.WriteAllText(broken, "apiVersion: v1\nkind: Config\nclusters: [\n");

        // Act
        var missing = Should.Throw<DeployRequestException>(() => KubernetesConnection.Resolve(Path.Combine(_state, "absent"), null, _ => null));
        var unreadable = Should.Throw<DeployRequestException>(() => KubernetesConnection.Resolve(broken, null, _ => null));
        var none = KubernetesConnection.Resolve(null, null, _ => null);
        var fromVariable = KubernetesConnection.Resolve(null, null, name => name == "KUBECONFIG" ? _api.WriteKubeconfig(Path.Combine(_state, "env")) : null);

        // Assert
        missing.Message.ShouldContain("does not exist");
        unreadable.Message.ShouldContain("cannot be used");
        none.ShouldBeNull();
        fromVariable!.Server.ShouldBe(_api.Server);
        fromVariable.Source.ShouldStartWith("KUBECONFIG");
    }

    [Fact]
    public async Task AnImageNotPinnedByDigestIsRefused()
    {
        // Act
        var failure = await Should.ThrowAsync<DeployRequestException>(() => Deployer().DeployAsync(Request, Environment("slipway:1.2.0")));

        // Assert
        failure.Message.ShouldContain("is not pinned by digest");
        _api.Requests.ShouldBeEmpty();
    }
}
