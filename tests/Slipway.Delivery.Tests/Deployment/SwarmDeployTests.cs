using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Backends;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Tests.Infrastructure;
using Slipway.Delivery.Deployment.Swarm;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// The Swarm backend on the real engine (initialised as a single-node swarm on 127.0.0.1 when it is not one yet).
/// Rollout and rollback are checked through service and task state and each task's health; requests reach the
/// tasks through the edge on the service's overlay network (DNS round-robin). The scope removes the service, its
/// tasks' containers, the edge and the network, all labelled with the app, whatever the test did.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class SwarmDeployTests(DeployFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task FirstSwarmDeployCreatesAServiceWithRollingStartFirstUpdatesAndAutomaticRollback()
    {
        // Arrange
        await EnsureSwarmAsync(fixture.Client);
        await using var scope = new DeployScope(fixture);
        var request = Swarm(scope);

        // Act
        var result = await scope.Deployer.DeployAsync(request);

        // Assert
        result.Outcome.ShouldBe(DeployOutcome.Succeeded);
        var service = await fixture.Client.Swarm.InspectServiceAsync(SwarmBackend.ServiceName(request));
        service.Spec!.Mode!.Replicated!.Replicas.ShouldBe(2UL);
        service.Spec.UpdateConfig!.Parallelism.ShouldBe(1UL);
        service.Spec.UpdateConfig!.Order.ShouldBe("start-first");
        service.Spec.UpdateConfig!.FailureAction.ShouldBe("rollback");
        service.Spec.RollbackConfig!.Order.ShouldBe("start-first");
        service.Spec.EndpointSpec!.Mode.ShouldBe("dnsrr");
        service.Spec.Labels![ContainerLabels.TestRun].ShouldBe(TestRun.Id);
        service.Spec.TaskTemplate!.ContainerSpec!.Labels![ContainerLabels.TestRun].ShouldBe(TestRun.Id);
        (await fixture.Client.Networks.InspectNetworkAsync(SwarmBackend.ServiceName(request))).Labels[ContainerLabels.TestRun].ShouldBe(TestRun.Id);
        (await scope.ContainersAsync()).ShouldAllBe(c => c.Labels[ContainerLabels.TestRun] == TestRun.Id, "tasks and the edge carry the request's extra labels");
        (await HealthyTaskImagesAsync(request)).ShouldBe([fixture.V1, fixture.V1]);
        (await EdgeClient.InferAsync(Http, scope.Edge)).ShouldBe(("swarm", 1));
    }

    [Fact]
    public async Task SwarmUpdateToAnUnhealthyImageIsRolledBackAutomaticallyAndReportedAsAFailedDeploy()
    {
        // Arrange
        await EnsureSwarmAsync(fixture.Client);
        await using var scope = new DeployScope(fixture);
        var request = Swarm(scope);
        await scope.Deployer.DeployAsync(request);

        // Act
        var failure = await Should.ThrowAsync<DeploymentFailedException>(() => scope.Deployer.DeployAsync(request with { Image = fixture.Unhealthy }));

        // Assert
        failure.Message.ShouldContain("rolled back automatically");
        failure.LedgerEntry.ShouldNotBeNull().Outcome.ShouldBe(LedgerOutcomes.RolledBack);
        (await HealthyTaskImagesAsync(request)).ShouldBe([fixture.V1, fixture.V1]);
        (await EdgeClient.InferAsync(Http, scope.Edge)).ShouldBe(("swarm", 1));
    }

    [Fact]
    public async Task SwarmUpdateRollsTheNewImageOutToEveryTaskAndUndeployRemovesServiceAndNetwork()
    {
        // Arrange
        await EnsureSwarmAsync(fixture.Client);
        await using var scope = new DeployScope(fixture);
        var request = Swarm(scope);
        await scope.Deployer.DeployAsync(request);

        // Act
        var result = await scope.Deployer.DeployAsync(request with { Image = fixture.V2 });
        var images = await HealthyTaskImagesAsync(request);
        await scope.Deployer.UndeployAsync(request);

        // Assert
        result.Outcome.ShouldBe(DeployOutcome.Succeeded);
        result.PreviousImageId.ShouldBe(fixture.V1);
        result.PhaseDurationsMs.Keys.ShouldContain("rollout");
        images.ShouldBe([fixture.V2, fixture.V2]);
        await Should.ThrowAsync<DockerApiException>(() => fixture.Client.Swarm.InspectServiceAsync(SwarmBackend.ServiceName(request)));
        (await fixture.Client.Networks.ListNetworksAsync()).ShouldNotContain(n => n.Name == SwarmBackend.ServiceName(request));
    }

    private DeployRequest Swarm(DeployScope scope) => scope.Request with { Backend = DeploymentBackend.Swarm, Replicas = 2, GateTimeout = TimeSpan.FromSeconds(60) };

    private async Task<IReadOnlyList<string>> HealthyTaskImagesAsync(DeployRequest request)
    {
        var tasks = await new SwarmBackend(fixture.Client, DeployImages.Of(fixture.EdgeImageReference, fixture.EdgeImageReference)).RunningTasksAsync(SwarmBackend.ServiceName(request));
        var images = new List<string>();
        foreach (var task in tasks.Where(t => t.Status?.State == TaskState.Running))
        {
            var container = await fixture.Client.Containers.InspectContainerAsync(task.Status!.ContainerStatus!.ContainerID);
            container.State!.Health!.Status.ShouldBe("healthy");
            images.Add(container.Image);
        }

        return images;
    }

    internal static async Task EnsureSwarmAsync(IDockerClient docker)
    {
        try
        {
            await docker.Swarm.InspectSwarmAsync();
        }
        catch (DockerApiException exception) when (exception.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.NotAcceptable)
        {
            await docker.Swarm.InitSwarmAsync(new SwarmInitParameters { AdvertiseAddr = "127.0.0.1", ListenAddr = "127.0.0.1:2377" });
        }
    }
}
