using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Slipway.Delivery.Deployment.Containers;

/// <summary>Small Docker helpers the deploy strategies share.</summary>
internal static class DockerOperations
{
    public static async Task<ContainerInspectResponse?> TryInspectAsync(IDockerClient docker, string nameOrId, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Containers.InspectContainerAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task RemoveIfPresentAsync(IDockerClient docker, string nameOrId, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(nameOrId, new ContainerRemoveParameters { Force = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException exception) when (exception.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Conflict: removal already in progress.
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of stdout and stderr; an explanation instead when they cannot be read.</summary>
    public static async Task<string> TailLogsAsync(IDockerClient docker, string nameOrId, int lines, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var stream = await docker.Containers.GetContainerLogsAsync(nameOrId, new ContainerLogsParameters
            {
                ShowStdout = true,
                ShowStderr = true,
                Tail = lines.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Timestamps = false,
            }, timeout.Token).ConfigureAwait(false);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(timeout.Token).ConfigureAwait(false);
            var text = (stdout + (stderr.Length > 0 && stdout.Length > 0 ? "\n" : "") + stderr).TrimEnd();
            return text.Length == 0 ? "(the container wrote no log lines)" : text;
        }
        catch (Exception exception) when (exception is DockerApiException or IOException or HttpRequestException or OperationCanceledException)
        {
            return $"(the container's log could not be read: {exception.Message})";
        }
    }

    /// <summary>Runs a command in a container; returns its exit code and combined output.</summary>
    public static async Task<(long ExitCode, string Output)> ExecAsync(IDockerClient docker, string container, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var exec = await docker.Exec.CreateContainerExecAsync(container, new ContainerExecCreateParameters
        {
            AttachStdout = true,
            AttachStderr = true,
            Cmd = command.ToList(),
        }, cancellationToken).ConfigureAwait(false);
        using (var stream = await docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellationToken).ConfigureAwait(false))
        {
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken).ConfigureAwait(false);
            var output = new StringBuilder().Append(stdout).Append(stderr).ToString().Trim();
            for (var i = 0; i < 100; i++)
            {
                var inspect = await docker.Exec.InspectContainerExecAsync(exec.ID, cancellationToken).ConfigureAwait(false);
                if (!inspect.Running)
                {
                    return (inspect.ExitCode ?? -1, output);
                }

                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }

            return (-1, output + " (the command did not finish)");
        }
    }

    public static bool IsEngineFailure(Exception exception) =>
        exception is HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException
        || (exception is DockerApiException api && (int)api.StatusCode >= 500)
        || (exception.InnerException is { } inner && IsEngineFailure(inner));
}
