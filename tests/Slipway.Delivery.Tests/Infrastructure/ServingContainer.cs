using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Engine;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>
/// A service container started from an image the way the deployer runs it: host networking,
/// ASPNETCORE_URLS on a free 127.0.0.1 port. Disposing removes it.
/// </summary>
public sealed class ServingContainer : IAsyncDisposable
{
    private readonly IDockerClient docker;

    private ServingContainer(IDockerClient docker, string id, int port)
    {
        this.docker = docker;
        Id = id;
        Port = port;
    }

    public string Id { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<ServingContainer> StartAsync(IDockerClient docker, string image, CancellationToken cancellationToken = default)
    {
        var port = FreePort.Next();
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = UniqueName.Create("serving"),
            Image = image,
            // gRPC off: on the host network the image's default gRPC address would be shared by every such container
            Env = [$"ASPNETCORE_URLS=http://127.0.0.1:{port}", "Serving__GrpcUrl="],
            Labels = TestRun.LabelsWith(),
            HostConfig = new HostConfig { NetworkMode = "host" },
        }, cancellationToken);
        var container = new ServingContainer(docker, created.ID, port);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        return container;
    }

    /// <summary>Polls the engine's health status (the image's HEALTHCHECK) until healthy; fails with the container's log.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? status = null;
        while (DateTime.UtcNow < deadline)
        {
            var state = (await docker.Containers.InspectContainerAsync(Id, cancellationToken)).State;
            status = state!.Health?.Status;
            if (status == "healthy")
            {
                return;
            }

            if (!state.Running)
            {
                break;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"Container {Id[..12]} did not become healthy within {timeout.TotalSeconds:0} s (last status '{status}'). Its log:{Environment.NewLine}{await LogsAsync(cancellationToken)}");
    }

    public async Task<string> LogsAsync(CancellationToken cancellationToken = default)
    {
        using var logs = await docker.Containers.GetContainerLogsAsync(Id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "100" }, cancellationToken);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(cancellationToken);
        return stdout + stderr;
    }

    public async ValueTask DisposeAsync() =>
        await LabelledResources.RemoveOneAsync(docker, new DockerResource(DockerResourceKind.Container, Id, Id), CancellationToken.None);
}
