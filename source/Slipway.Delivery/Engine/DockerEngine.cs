using Docker.DotNet;
using Serilog;

namespace Slipway.Delivery.Engine;

/// <summary>
/// Finds a Docker engine (options, DOCKER_HOST, else /var/run/docker.sock) and, when none answers,
/// provisions one on Linux as root with apt: installs docker.io and starts a detached dockerd.
/// </summary>
public static class DockerEngine
{
    /// <summary>
    /// Returns a connected client. Throws <see cref="DockerEngineUnavailableException"/> saying how to get an
    /// engine when none answers and none can be provisioned.
    /// </summary>
    public static async Task<DockerEngineConnection> EnsureAsync(
        DockerEngineOptions options, ILogger log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);

        var host = options.ResolveHost();
        var source = options.DescribeHostSource();
        var uri = ParseHost(host, source);

        var first = await ProbeAsync(uri, options.ProbeTimeout, cancellationToken).ConfigureAwait(false);
        if (first.Connection is { } running)
        {
            log.Information("Docker engine {ServerVersion} (API {ApiVersion}) answers at {DockerHost}", running.ServerVersion, running.ApiVersion, host);
            return new DockerEngineConnection(running.Client, host, running.ServerVersion, running.ApiVersion, DockerEngineProvisioning.AlreadyRunning);
        }

        var refusal = DockerEngineProvisioner.WhyNotPossible(options, uri);
        if (refusal is not null)
        {
            throw new DockerEngineUnavailableException(
                $"No Docker engine answered at '{host}' ({source}): {first.Failure}. {refusal} "
                + "To fix: start a Docker engine (e.g. 'sudo systemctl start docker', or 'sudo dockerd --bridge=none --iptables=false --ip-masq=false &'), "
                + "or point DOCKER_HOST at a running engine (e.g. DOCKER_HOST=unix:///var/run/docker.sock), "
                + "or run the build as root on Debian/Ubuntu with provisioning enabled so it installs docker.io and starts dockerd itself.",
                first.Exception);
        }

        log.Warning("No Docker engine answered at {DockerHost} ({Reason}); provisioning one", host, first.Failure);
        var provisioning = await DockerEngineProvisioner.ProvisionAsync(options, uri, log, cancellationToken).ConfigureAwait(false);

        var deadline = DateTime.UtcNow + options.StartTimeout;
        while (true)
        {
            var attempt = await ProbeAsync(uri, options.ProbeTimeout, cancellationToken).ConfigureAwait(false);
            if (attempt.Connection is { } started)
            {
                log.Information("Docker engine {ServerVersion} (API {ApiVersion}) provisioned ({Provisioning}) and answers at {DockerHost}", started.ServerVersion, started.ApiVersion, provisioning, host);
                return new DockerEngineConnection(started.Client, host, started.ServerVersion, started.ApiVersion, provisioning);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DockerEngineUnavailableException(
                    $"dockerd was started for '{host}' but did not answer within {options.StartTimeout.TotalSeconds:0} s: {attempt.Failure}. "
                    + $"Read its log at '{DockerEngineProvisioner.LogPath(options)}' to see why, fix the cause and run the build again.",
                    attempt.Exception);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A client for an endpoint without checking that it answers (for tools that already know it does).</summary>
    public static DockerClient CreateClient(string host) =>
        new DockerClientBuilder().WithEndpoint(ParseHost(host, "given")).Build();

    private static Uri ParseHost(string host, string source)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "https" or "npipe"))
        {
            throw new DockerEngineUnavailableException(
                $"The Docker host '{host}' ({source}) is not a valid engine address. "
                + "Use unix:///path/to/docker.sock or tcp://host:port (e.g. DOCKER_HOST=unix:///var/run/docker.sock).");
        }

        return uri;
    }

    private static async Task<ProbeResult> ProbeAsync(Uri uri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (uri.Scheme == "unix" && !File.Exists(uri.LocalPath))
        {
            return new ProbeResult(null, $"the socket '{uri.LocalPath}' does not exist", null);
        }

        var client = new DockerClientBuilder().WithEndpoint(uri).Build();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var version = await client.System.GetVersionAsync(timeoutSource.Token).ConfigureAwait(false);
            return new ProbeResult(new Probed(client, version.Version, version.APIVersion), null, null);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            return new ProbeResult(null, $"no answer within {timeout.TotalSeconds:0.#} s", exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or System.Net.Sockets.SocketException or DockerApiException or TimeoutException)
        {
            client.Dispose();
            return new ProbeResult(null, exception.GetBaseException().Message, exception);
        }
    }

    private sealed record Probed(DockerClient Client, string ServerVersion, string ApiVersion);

    private sealed record ProbeResult(Probed? Connection, string? Failure, Exception? Exception);
}
