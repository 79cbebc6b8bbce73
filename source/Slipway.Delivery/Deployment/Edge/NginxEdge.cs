using System.Diagnostics;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Waiting;

namespace Slipway.Delivery.Deployment.Edge;

/// <summary>
/// The edge: nginx in its own container on the host network, the stable public address. Its configuration lives
/// in a host directory mounted at <see cref="NginxConfig.ContainerDirectory"/>, so a file renamed over the upstream
/// file is what nginx reads on reload.
/// </summary>
public sealed class NginxEdge
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    private readonly IDockerClient _docker;
    private readonly ILogger _log;

    /// <param name="metricsLog">Where the edge sends its per-request metric lines (the edge-metrics exporter's syslog port); null: none.</param>
    /// <param name="grpcListen">Where the edge listens for gRPC while a colour it routes to speaks gRPC; null: the edge routes REST only.</param>
    public NginxEdge(IDockerClient docker, string containerName, string hostDirectory, IPEndPoint listen, ILogger log, IPEndPoint? metricsLog = null, IPEndPoint? grpcListen = null)
    {
        _docker = docker;
        ContainerName = containerName;
        HostDirectory = Path.GetFullPath(hostDirectory);
        Listen = listen;
        MetricsLog = metricsLog;
        GrpcListen = grpcListen;
        _log = log;
    }

    /// <summary>The gRPC address (HTTP/2 cleartext); the edge listens there only while a colour it routes to speaks gRPC.</summary>
    public IPEndPoint? GrpcListen { get; }

    public IPEndPoint? MetricsLog { get; }

    public string ContainerName { get; }

    public string HostDirectory { get; }

    public IPEndPoint Listen { get; }

    public Uri Address => new($"http://{Listen}/");

    private string UpstreamPath => Path.Combine(HostDirectory, NginxConfig.UpstreamFile);

    private string MainPath => Path.Combine(HostDirectory, NginxConfig.MainFile);

    /// <summary>The upstream the edge's configuration points at, or null when there is no edge configuration.</summary>
    public EdgeUpstream? ReadCurrentUpstream() =>
        File.Exists(UpstreamPath) ? EdgeUpstream.Parse(File.ReadAllText(UpstreamPath)) : null;

    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken = default)
    {
        var inspect = await DockerOperations.TryInspectAsync(_docker, ContainerName, cancellationToken).ConfigureAwait(false);
        return inspect?.State?.Running == true;
    }

    /// <summary>Writes the configuration, starts the edge container and waits until it answers with the upstream's colour.</summary>
    public async Task StartAsync(string image, EdgeUpstream upstream, IDictionary<string, string> labels, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(HostDirectory);
        await WriteAtomicallyAsync(MainPath, MainFor(upstream), cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(UpstreamPath, NginxConfig.Upstream(upstream), cancellationToken).ConfigureAwait(false);
        await DockerOperations.RemoveIfPresentAsync(_docker, ContainerName, cancellationToken).ConfigureAwait(false);

        var created = await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = ContainerName,
            Image = image,
            Entrypoint = ["nginx"],
            Cmd = ["-c", NginxConfig.MainPath, "-g", "daemon off;"],
            Labels = labels,
            StopSignal = "SIGQUIT",
            HostConfig = new HostConfig
            {
                NetworkMode = "host",
                Binds = [$"{HostDirectory}:{NginxConfig.ContainerDirectory}:ro"],
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            },
        }, cancellationToken).ConfigureAwait(false);
        await _docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        _log.Information("Edge {EdgeContainer} started on {EdgeAddress}", ContainerName, upstream.RoutesGrpc ? $"{Listen} (gRPC {GrpcListen})" : Listen.ToString());

        var addresses = upstream.RoutesGrpc ? $"{Listen} and {GrpcListen} are" : $"{Listen} is";
        await WaitForColourAsync(upstream.Colour, timeout, last =>
            $"The edge '{ContainerName}' did not answer on {Address} with colour '{upstream.Colour}' within {timeout.TotalSeconds:0} s (last: {last}). " +
            $"Check that {addresses} free (another process listening there?); 'docker logs {ContainerName}' shows nginx's reason.", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the edge for a Swarm service on the service's overlay network (host networking cannot reach overlay
    /// tasks), publishing its port on 127.0.0.1 only, and waits until it answers through that port.
    /// </summary>
    public async Task StartOnNetworkAsync(string image, string network, string service, int servicePort, IDictionary<string, string> labels, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        const int inside = 8080;
        Directory.CreateDirectory(HostDirectory);
        await WriteAtomicallyAsync(Path.Combine(HostDirectory, NginxConfig.MainFile), NginxConfig.SwarmMain(inside, service, servicePort), cancellationToken).ConfigureAwait(false);
        await DockerOperations.RemoveIfPresentAsync(_docker, ContainerName, cancellationToken).ConfigureAwait(false);
        var port = inside.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/tcp";
        await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = ContainerName,
            Image = image,
            Entrypoint = ["nginx"],
            Cmd = ["-c", NginxConfig.MainPath, "-g", "daemon off;"],
            Labels = labels,
            StopSignal = "SIGQUIT",
            ExposedPorts = new Dictionary<string, EmptyStruct> { [port] = default },
            HostConfig = new HostConfig
            {
                NetworkMode = network,
                Binds = [$"{HostDirectory}:{NginxConfig.ContainerDirectory}:ro"],
                PortBindings = new Dictionary<string, IList<PortBinding>>
                {
                    [port] = [new PortBinding { HostIP = Listen.Address.ToString(), HostPort = Listen.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
                },
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            },
        }, cancellationToken).ConfigureAwait(false);
        await _docker.Containers.StartContainerAsync(ContainerName, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        await WaitForColourAsync("swarm", timeout, last =>
            $"The Swarm edge '{ContainerName}' did not answer on {Address} within {timeout.TotalSeconds:0} s (last: {last}). Check that {Listen} is free.", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Points the edge at <paramref name="upstream"/> (one colour, or weighted during a canary step): rename the new
    /// files over the old ones, test the configuration, graceful reload, then wait until the new configuration serves (the
    /// new colour answers; for a weighted upstream, the new workers run). Returns the worker pids that were serving before
    /// the reload (they drain in the background; see <see cref="WaitForWorkersGoneAsync"/>).
    /// </summary>
    public async Task<IReadOnlySet<string>> SwitchAsync(EdgeUpstream upstream, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var upstreamText = NginxConfig.Upstream(upstream);
        var previousUpstream = File.Exists(UpstreamPath) ? await File.ReadAllTextAsync(UpstreamPath, cancellationToken).ConfigureAwait(false) : null;
        var previousMain = File.Exists(MainPath) ? await File.ReadAllTextAsync(MainPath, cancellationToken).ConfigureAwait(false) : null;
        var main = MainFor(upstream);
        var oldWorkers = await WorkerPidsAsync(cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(UpstreamPath, upstreamText, cancellationToken).ConfigureAwait(false);
        if (previousMain != main)
        {
            // an edge started by an older Slipway (or without metrics) gets the current main configuration on its next switch
            await WriteAtomicallyAsync(MainPath, main, cancellationToken).ConfigureAwait(false);
        }

        var test = await DockerOperations.ExecAsync(_docker, ContainerName, ["nginx", "-c", NginxConfig.MainPath, "-t"], cancellationToken).ConfigureAwait(false);
        if (test.ExitCode != 0)
        {
            if (previousUpstream is not null)
            {
                await WriteAtomicallyAsync(UpstreamPath, previousUpstream, CancellationToken.None).ConfigureAwait(false);
            }

            if (previousMain is not null && previousMain != main)
            {
                await WriteAtomicallyAsync(MainPath, previousMain, CancellationToken.None).ConfigureAwait(false);
            }

            throw new DeploymentFailedException(
                $"The edge configuration for {Describe(upstream)} was rejected by 'nginx -t' (exit {test.ExitCode}); the edge keeps the old version. nginx said:\n{test.Output}");
        }

        var reload = await DockerOperations.ExecAsync(_docker, ContainerName, ["nginx", "-c", NginxConfig.MainPath, "-s", "reload"], cancellationToken).ConfigureAwait(false);
        if (reload.ExitCode != 0)
        {
            throw new DeploymentFailedException($"'nginx -s reload' in '{ContainerName}' failed (exit {reload.ExitCode}): {reload.Output}. Read the edge log with 'docker logs {ContainerName}'.");
        }

        if (upstream.Canary is null)
        {
            await WaitForColourAsync(upstream.Colour, timeout, last =>
                $"After the reload the edge at {Address} did not answer with colour '{upstream.Colour}' within {timeout.TotalSeconds:0} s (last: {last}).", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Poll.ContainerAsync(_docker, ContainerName, async ct =>
            {
                var workers = await WorkerPidsAsync(ct).ConfigureAwait(false);
                return workers.Except(oldWorkers).Any() ? (new object(), "new workers run") : (null, $"workers {string.Join(",", workers)} are all from before the reload");
            }, TimeSpan.FromMilliseconds(25), timeout, last => $"After the reload the edge '{ContainerName}' started no new workers within {timeout.TotalSeconds:0} s ({last}).", cancellationToken).ConfigureAwait(false);
        }

        _log.Information("Edge {EdgeContainer} now routes {Routing}", ContainerName, Describe(upstream));
        return oldWorkers;
    }

    private static string Describe(EdgeUpstream upstream) =>
        string.Join(" + ", upstream.Weights.Select(weight => $"{weight.Value}% to {weight.Key}")) + (upstream.RoutesGrpc ? " (REST and gRPC)" : "");

    /// <summary>The main configuration for an upstream: with the gRPC listener exactly when a colour it routes to speaks gRPC.</summary>
    private string MainFor(EdgeUpstream upstream)
    {
        if (upstream.RoutesGrpc && GrpcListen is null)
        {
            throw new ArgumentException($"The upstream routes gRPC to {string.Join(", ", upstream.GrpcServers.Concat(upstream.Canary?.GrpcServers ?? []))}, but the edge '{ContainerName}' was given no gRPC address; pass grpcListen (e.g. 127.0.0.1:8081).", nameof(upstream));
        }

        return NginxConfig.Main(Listen, MetricsLog, upstream.RoutesGrpc ? GrpcListen : null);
    }

    /// <summary>
    /// Waits until the workers that served before a reload have exited (they finish their requests first), then 0.5 s
    /// more; with no old workers (a first deploy, a freshly started edge) nothing is in flight and it returns at once.
    /// </summary>
    public async Task WaitForWorkersGoneAsync(IReadOnlySet<string> oldWorkers, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (oldWorkers.Count == 0)
            return;
        try
        {
            await Poll.UntilAsync(async ct =>
            {
                var current = await WorkerPidsAsync(ct).ConfigureAwait(false);
                return current.Overlaps(oldWorkers) ? (null, "old workers still finish their requests") : (new object(), "gone");
            }, TimeSpan.FromMilliseconds(50), timeout, last => new TimeoutException(last), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // a client holding a long request keeps an old worker; after the timeout the deploy goes on, as nginx would
            _log.Warning("Old edge workers {Workers} of {EdgeContainer} still run after {Seconds} s; going on", string.Join(",", oldWorkers), ContainerName, timeout.TotalSeconds);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when a request through the edge answers 2xx with the given colour.</summary>
    public async Task<bool> AnswersWithColourAsync(string colour, CancellationToken cancellationToken = default)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Address, "v2/health/ready"));
            request.Headers.ConnectionClose = true;
            using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                && response.Headers.TryGetValues(NginxConfig.ColourHeader, out var values)
                && values.Contains(colour);
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task RemoveAsync(CancellationToken cancellationToken = default)
    {
        await DockerOperations.RemoveIfPresentAsync(_docker, ContainerName, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(HostDirectory))
        {
            Directory.Delete(HostDirectory, recursive: true);
        }
    }

    private Task WaitForColourAsync(string colour, TimeSpan timeout, Func<string, string> message, CancellationToken cancellationToken) =>
        Poll.ContainerAsync(_docker, ContainerName, async ct =>
            await AnswersWithColourAsync(colour, ct).ConfigureAwait(false) ? (new object(), colour) : (null, $"no 2xx answer with colour '{colour}'"),
            TimeSpan.FromMilliseconds(25), timeout, message, cancellationToken);

    private async Task<HashSet<string>> WorkerPidsAsync(CancellationToken cancellationToken)
    {
        var top = await _docker.Containers.ListProcessesAsync(ContainerName, new ContainerListProcessesParameters(), cancellationToken).ConfigureAwait(false);
        var pidColumn = top.Titles.IndexOf("PID");
        var commandColumn = top.Titles.Count - 1;
        return top.Processes
            .Where(process => process[commandColumn].Contains("worker process", StringComparison.Ordinal))
            .Select(process => process[pidColumn])
            .ToHashSet();
    }

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        // Written beside the target, then renamed over it: nginx never reads a half-written file.
        var temporary = path + ".next";
        await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
