using System.Diagnostics;
using Docker.DotNet;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Containers;

namespace Slipway.Delivery.Waiting;

/// <summary>
/// The wait primitive: asks a probe at a fixed interval until it answers, the probe throws, the deadline passes (then the
/// timeout's exception, built from the probe's last word, with the last lines of the container being waited on when one
/// is named) or the caller cancels. Gates, the edge, the monitoring stack, the analysis and the test suites' leak check
/// wait with it.
/// </summary>
public static class Poll
{
    /// <param name="probe">Returns a result when the wait is over, else null and a word on why not (kept for the timeout message).</param>
    /// <param name="timeout">Built when the deadline passes, from the probe's last word.</param>
    public static Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<(T? Result, string Status)>> probe,
        TimeSpan interval,
        TimeSpan deadline,
        Func<string, Exception> timeout,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(timeout);
        return UntilAsync(probe, interval, deadline, (status, _) => Task.FromResult(timeout(status)), cancellationToken);
    }

    /// <summary>
    /// Waits on a container: when the deadline passes, the <see cref="DeploymentFailedException"/> carries the container's
    /// last log lines, because a timeout without them sends the reader to run <c>docker logs</c> by hand.
    /// </summary>
    /// <param name="message">The timeout's message, from the probe's last word.</param>
    public static Task<T> ContainerAsync<T>(
        IDockerClient docker,
        string container,
        Func<CancellationToken, Task<(T? Result, string Status)>> probe,
        TimeSpan interval,
        TimeSpan deadline,
        Func<string, string> message,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentNullException.ThrowIfNull(message);
        return UntilAsync(probe, interval, deadline, async (status, _) =>
        {
            var logs = await DockerOperations.TailLogsAsync(docker, container, 30, CancellationToken.None).ConfigureAwait(false);
            return new DeploymentFailedException(message(status), $"[{container}]\n{logs}", null);
        }, cancellationToken);
    }

    private static async Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<(T? Result, string Status)>> probe,
        TimeSpan interval,
        TimeSpan deadline,
        Func<string, CancellationToken, Task<Exception>> timeout,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (result, status) = await probe(cancellationToken).ConfigureAwait(false);
            if (result is not null)
                return result;
            if (clock.Elapsed >= deadline)
                throw await timeout(status, cancellationToken).ConfigureAwait(false);
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
