using Docker.DotNet;
using Docker.DotNet.Models;
using Slipway.Delivery.Engine;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>Runs a short command in a throw-away container (host networking, optional bind mounts) and returns its exit code and output.</summary>
public static class ContainerRun
{
    public static async Task<(long ExitCode, string Output)> RunAsync(
        IDockerClient docker, string image, IReadOnlyList<string> command, string? user = null, IReadOnlyList<string>? entrypoint = null, CancellationToken cancellationToken = default,
        IReadOnlyList<string>? binds = null)
    {
        var parameters = new CreateContainerParameters
        {
            Name = UniqueName.Create("run"),
            Image = image,
            Cmd = [.. command],
            Labels = TestRun.LabelsWith(),
            HostConfig = new HostConfig { NetworkMode = "host" },
        };
        if (entrypoint is not null)
        {
            parameters.Entrypoint = [.. entrypoint];
        }

        if (binds is not null)
        {
            parameters.HostConfig.Binds = [.. binds];
        }

        if (user is not null)
        {
            parameters.User = user;
        }

        var created = await docker.Containers.CreateContainerAsync(parameters, cancellationToken);
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            var exit = await docker.Containers.WaitContainerAsync(created.ID, cancellationToken);
            using var logs = await docker.Containers.GetContainerLogsAsync(created.ID, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, cancellationToken);
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(cancellationToken);
            return (exit.StatusCode, stdout + stderr);
        }
        finally
        {
            await LabelledResources.RemoveOneAsync(docker, new DockerResource(DockerResourceKind.Container, created.ID, parameters.Name), CancellationToken.None);
        }
    }
}
