using Docker.DotNet.Models;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// Canary deploys and watch windows with the real engine, the real edge and the environment's real Prometheus: a good
/// version promotes through every step, and each bad one is rolled back by itself while the old version keeps serving.
/// The bad versions are stand-ins that pass every gate (asked directly) and misbehave only for traffic through the edge.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class CanaryTests(DeployFixture fixture, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task AGoodCanaryPromotesThroughEveryStepWithoutAFailedRequest()
    {
        // Arrange
        await using var scope = new DeployScope(fixture, monitoring: true);
        await scope.Deployer.DeployAsync(scope.Request);
        await using var load = new ContinuousLoad(scope.Edge, "v2/models/m/infer", EdgeClient.FakeInferBody, clients: 2);

        // Act
        var result = await scope.Deployer.DeployAsync(Canary(scope) with { Image = fixture.V2, Watch = TimeSpan.FromSeconds(3) });
        var samples = await load.StopAsync();

        // Assert
        output.WriteLine($"good canary: {LoadSummary.Describe(samples)}; phases {string.Join(", ", result.PhaseDurationsMs.Select(p => $"{p.Key} {p.Value:0} ms"))}");
        samples.Count(s => s.Failed).ShouldBe(0, LoadSummary.Describe(samples));
        result.Outcome.ShouldBe(DeployOutcome.Succeeded);
        result.LedgerEntry.Strategy.ShouldBe("canary");
        result.LedgerEntry.Traffic.Select(t => t.Weights.GetValueOrDefault(Deployer.Green)).ShouldBe([10, 50, 100]);
        result.LedgerEntry.Analyses.Select(a => a.Phase).Distinct().ShouldBe(["step 10%", "step 50%", "step 100%", "watch"]);
        result.LedgerEntry.Analyses.ShouldAllBe(a => a.Verdict == AnalysisCheck.Pass);
        result.LedgerEntry.Prometheus.ShouldBe(scope.Prometheus.ToString());
        (await EdgeClient.InferAsync(Http, scope.Edge)).ShouldBe((Deployer.Green, 2));
        samples.Where(s => s.Colour == Deployer.Green).Count().ShouldBeGreaterThan(0, "the canary took traffic");
    }

    [Fact]
    public async Task ACanaryThatFailsOneRequestInFiveIsRolledBackAtTheFirstStep()
    {
        // Arrange
        await using var scope = new DeployScope(fixture, monitoring: true);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act
        // (a random 20% of a sample of n passes with probability 0.8^n: at 40 requests one run in 7,500)
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(Canary(scope) with
        {
            Image = fixture.FailsOneInFive,
            AnalysisLoad = 50,
            Analysis = scope.Request.Analysis with { MinRequests = 40 },
        }));

        // Assert
        output.WriteLine(failure.Message);
        failure.Message.ShouldContain("step 10% analysis failed: the success rate of 'green'");
        failure.Message.ShouldContain("--min-success-rate");
        failure.LedgerEntry!.Outcome.ShouldBe(LedgerOutcomes.RolledBack);
        failure.LedgerEntry.Traffic.Max(t => t.Weights.GetValueOrDefault(Deployer.Green)).ShouldBe(10, "rolled back at the first step");
        failure.LedgerEntry.Traffic[^1].Weights.ShouldBe(new Dictionary<string, int> { [Deployer.Blue] = 100 });
        var failed = failure.LedgerEntry.Analyses.Single(a => a.Verdict == AnalysisCheck.Fail);
        failed.Metric.ShouldBe("success-rate");
        failed.Value!.Value.ShouldBeLessThan(0.99);
        failed.Query.ShouldContain(EdgeMetrics.Requests);
        await AssertOnlyTheOldVersionServesAsync(scope);
    }

    [Fact]
    public async Task ACanary300MillisecondsSlowerIsRolledBackOnItsP99()
    {
        // Arrange
        await using var scope = new DeployScope(fixture, monitoring: true);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(Canary(scope) with { Image = fixture.Slow }));

        // Assert
        output.WriteLine(failure.Message);
        failure.Message.ShouldContain("the p99 latency of 'green'");
        failure.LedgerEntry!.Outcome.ShouldBe(LedgerOutcomes.RolledBack);
        var failed = failure.LedgerEntry.Analyses.Single(a => a.Verdict == AnalysisCheck.Fail);
        failed.Metric.ShouldBe("p99");
        failed.Value!.Value.ShouldBeGreaterThan(0.3);
        failed.Baseline!.Value.ShouldBeLessThan(0.1, "the baseline answers at once");
        await AssertOnlyTheOldVersionServesAsync(scope);
    }

    [Fact]
    public async Task AVersionThatStartsFailingDuringTheWatchIsRolledBack()
    {
        // Arrange
        await using var scope = new DeployScope(fixture, monitoring: true);
        await scope.Deployer.DeployAsync(scope.Request);
        var request = scope.Request with { Image = fixture.V2, Watch = TimeSpan.FromSeconds(30) };

        // Act: once green takes all traffic and its watch runs (the watch's probe load is the only steady traffic), it goes bad
        var deploy = scope.Deployer.DeployAsync(request);
        var prometheus = new Slipway.Delivery.Monitoring.PrometheusClient(scope.Prometheus);
        var greenRequests = $"sum({EdgeMetrics.Requests}{{{AnalysisDefinition.ColourSelector(Deployer.Green)}}})";
        await Eventually.UntilAsync(async () => deploy.IsCompleted || await prometheus.QueryScalarAsync(greenRequests) >= 10, "green's watch to start");
        await ExecAsync(Deployer.ContainerName(request, Deployer.Green), ["touch", FakeServiceImage.FaultFile]);
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => deploy);

        // Assert
        output.WriteLine(failure.Message);
        failure.Message.ShouldContain("watch analysis failed");
        failure.LedgerEntry!.Outcome.ShouldBe(LedgerOutcomes.RolledBack);
        failure.LedgerEntry.Strategy.ShouldBe("blue-green");
        await AssertOnlyTheOldVersionServesAsync(scope);
    }

    [Fact]
    public async Task PrometheusStoppedMidCanaryFailsSafe()
    {
        // Arrange
        await using var scope = new DeployScope(fixture, monitoring: true);
        await scope.Deployer.DeployAsync(scope.Request);
        var request = Canary(scope) with { Image = fixture.V2, StepDuration = TimeSpan.FromSeconds(30) };

        // Act
        var deploy = scope.Deployer.DeployAsync(request);
        await Eventually.UntilAsync(() => deploy.IsCompleted || CanaryWeight(scope) == 10, "the canary's first step");
        await fixture.Client.Containers.StopContainerAsync(Deployer.ContainerName(request, "prometheus"), new ContainerStopParameters { WaitBeforeKillSeconds = 1 });
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => deploy);

        // Assert
        output.WriteLine(failure.Message);
        failure.Message.ShouldContain("inconclusive");
        failure.Message.ShouldContain("Without metrics nothing is promoted");
        failure.LedgerEntry!.Outcome.ShouldBe(LedgerOutcomes.RolledBack);
        await AssertOnlyTheOldVersionServesAsync(scope);
    }

    [Fact]
    public async Task TooLittleTrafficIsInconclusiveAndPromotesNothing()
    {
        // Arrange
        await using var scope = new DeployScope(fixture, monitoring: true);
        await scope.Deployer.DeployAsync(scope.Request);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(Canary(scope) with
        {
            Image = fixture.V2,
            AnalysisLoad = 0,
            Analysis = scope.Request.Analysis with { Timeout = TimeSpan.FromSeconds(5) },
        }));

        // Assert
        failure.Message.ShouldContain("inconclusive: only 0 of the 10 requests needed");
        failure.Message.ShouldContain("--analysis-load");
        await AssertOnlyTheOldVersionServesAsync(scope);
    }

    [Fact]
    public async Task CancellingMidCanaryPutsAllTrafficBackOnTheBaseline()
    {
        // Arrange
        await using var scope = new DeployScope(fixture, monitoring: true);
        await scope.Deployer.DeployAsync(scope.Request);
        using var cancel = new CancellationTokenSource();
        var request = Canary(scope) with { Image = fixture.V2, StepDuration = TimeSpan.FromSeconds(60) };

        // Act
        var deploy = scope.Deployer.DeployAsync(request, cancel.Token);
        await Eventually.UntilAsync(() => deploy.IsCompleted || CanaryWeight(scope) == 10, "the canary's first step");
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => deploy);

        // Assert
        CanaryWeight(scope).ShouldBeNull("the edge routes everything to the baseline");
        await AssertOnlyTheOldVersionServesAsync(scope);
        (await scope.Ledger.ReadFinishedAsync()).Last().Outcome.ShouldBe(LedgerOutcomes.Failed);
    }

    [Fact]
    public async Task AChangeThatAltersTheOutputsOfTheSameModelIsRejectedByTheGoldenProbes()
    {
        // Arrange: v1 records the references of model m (digest d1); they are committed beside the manifest
        await using var scope = new DeployScope(fixture);
        var models = Path.Combine(scope.StateDirectory, "repository-models");
        var model = new ModelVersion(FakeServiceImage.Model, "1", "d1");
        var request = scope.Request with { Models = [model], ModelsDirectory = models };
        var first = await scope.Deployer.DeployAsync(request);
        first.LedgerEntry.Probes!.Verdict.ShouldBe(Slipway.Delivery.Probes.ProbeVerdict.NewModel);
        var committed = Path.Combine(models, model.Name, model.Version, Slipway.Delivery.Probes.ProbeReferencesFile.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(committed)!);
        File.Copy(Path.Combine(scope.StateDirectory, request.Environment, "probes", model.Name, model.Version, Slipway.Delivery.Probes.ProbeReferencesFile.FileName), committed);

        // Act: v2 claims the same model files but answers other outputs (a code change that alters them)
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(request with { Image = fixture.V2 }));

        // Assert
        output.WriteLine(failure.Message);
        failure.Message.ShouldContain("failed at the 'probes' gate");
        failure.LedgerEntry!.Outcome.ShouldBe(LedgerOutcomes.Failed);
        failure.LedgerEntry.Probes!.Verdict.ShouldBe(Slipway.Delivery.Probes.ProbeVerdict.Rejected);
        failure.LedgerEntry.Traffic.ShouldBeEmpty("rejected before any traffic");
        await AssertOnlyTheOldVersionServesAsync(scope);
        (await scope.Deployer.DeployAsync(request with { Image = fixture.V1 })).Outcome.ShouldBe(DeployOutcome.Unchanged);
    }

    private static DeployRequest Canary(DeployScope scope) =>
        scope.Request with { Strategy = DeploymentStrategy.Canary, CanarySteps = [10, 50, 100], Watch = TimeSpan.Zero };

    private static int? CanaryWeight(DeployScope scope)
    {
        var path = Path.Combine(Deployer.EdgeDirectory(scope.Request), NginxConfig.UpstreamFile);
        return File.Exists(path) ? EdgeUpstream.Parse(File.ReadAllText(path))?.Canary?.Percent : null;
    }

    private async Task AssertOnlyTheOldVersionServesAsync(DeployScope scope)
    {
        for (var i = 0; i < 10; i++)
            (await EdgeClient.InferAsync(Http, scope.Edge)).ShouldBe((Deployer.Blue, 1));
        var services = (await scope.ContainersAsync()).Where(c => c.Labels[Slipway.Delivery.Deployment.Containers.ContainerLabels.Role] == "service").ToList();
        services.Select(c => c.Names.Single().TrimStart('/')).ShouldBe([Deployer.ContainerName(scope.Request, Deployer.Blue)], "the candidate was removed");
    }

    private async Task ExecAsync(string container, IReadOnlyList<string> command)
    {
        var (exitCode, said) = await Slipway.Delivery.Deployment.Containers.DockerOperations.ExecAsync(fixture.Client, container, command, CancellationToken.None);
        exitCode.ShouldBe(0, said);
    }
}
