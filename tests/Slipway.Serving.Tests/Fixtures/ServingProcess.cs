using System.Net;
using System.Net.Sockets;
using Slipway.Tooling;

namespace Slipway.Serving.Tests.Fixtures;

/// <summary>The service as a real process (<c>dotnet Slipway.Serving.dll</c>) listening on a free 127.0.0.1 port.</summary>
public sealed class ServingProcess : IAsyncDisposable
{
    // Inherited from the test host, they would override the port the test picks.
    private static readonly string[] HostingVariables = ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "Serving__GrpcUrl"];

    private readonly LongRunningProcess _process;

    private ServingProcess(LongRunningProcess process, int port, int grpcPort)
    {
        _process = process;
        Port = port;
        GrpcPort = grpcPort;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
    }

    public int Port { get; }

    /// <summary>The gRPC endpoint's port (HTTP/2 cleartext), a free port of its own.</summary>
    public int GrpcPort { get; }

    public Uri GrpcAddress { get; }

    public Uri BaseAddress { get; }

    public IReadOnlyList<string> Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static string ServiceDll => Path.Combine(AppContext.BaseDirectory, "Slipway.Serving.dll");

    public static ServingProcess Start(string repository, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var port = FreePort();
        var grpcPort = FreePort();
        while (grpcPort == port)
        {
            grpcPort = FreePort();
        }

        var process = LongRunningProcess.Start(DotnetHost(), [ServiceDll], AppContext.BaseDirectory, WithoutHostingVariables(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Serving__GrpcUrl"] = $"http://127.0.0.1:{grpcPort}",
            ["Serving__ModelRepository"] = repository,
        }.Concat(environment ?? new Dictionary<string, string?>()).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)));
        return new ServingProcess(process, port, grpcPort);
    }

    /// <summary>Runs <c>dotnet Slipway.Serving.dll healthcheck</c> with the given environment; returns exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Output)> HealthCheckAsync(IReadOnlyDictionary<string, string?> environment)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await ProcessTasks.TryRunAsync(DotnetHost(), [ServiceDll, "healthcheck"], AppContext.BaseDirectory, WithoutHostingVariables(environment), logOutput: false, cancellationToken: timeout.Token);
        return (result.ExitCode, string.Join('\n', result.StandardOutput));
    }

    public async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("/v2/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
                // a slow answer on a loaded machine: ask again
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"service on port {Port} not ready; output:\n{string.Join('\n', Output)}");
    }

    public void SendSigterm() => _process.Terminate();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        return await _process.WaitForExitAsync(deadline.Token);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The hosting variables of the test host removed (a null value removes), then <paramref name="environment"/>.</summary>
    private static Dictionary<string, string?> WithoutHostingVariables(IReadOnlyDictionary<string, string?> environment)
    {
        var variables = HostingVariables.ToDictionary(name => name, _ => (string?)null);
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>The dotnet host running this process when it is one, else the one the SDK names, else "dotnet" from PATH.</summary>
    private static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : "dotnet";
}
