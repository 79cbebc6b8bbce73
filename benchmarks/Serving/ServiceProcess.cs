using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Slipway.Tooling;

namespace Slipway.Serving.Benchmarks;

/// <summary>
/// The published-style service (<c>dotnet Slipway.Serving.dll</c>) on real Kestrel: REST at 127.0.0.1:&lt;free port&gt;,
/// gRPC (h2c) at 127.0.0.1:&lt;another free port&gt;.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly LongRunningProcess _process;
    private readonly Process _inspector;

    private ServiceProcess(LongRunningProcess process, Uri address, Uri grpcAddress)
    {
        _process = process;
        _inspector = Process.GetProcessById(process.Id);
        Address = address;
        GrpcAddress = grpcAddress;
    }

    /// <summary>The REST address (HTTP/1.1 and HTTP/2).</summary>
    public Uri Address { get; }

    /// <summary>The gRPC address (<c>Serving__GrpcUrl</c>, HTTP/2 only, cleartext).</summary>
    public Uri GrpcAddress { get; }

    /// <summary>CPU time the service has used so far (all threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _inspector.Refresh();
            return _inspector.TotalProcessorTime;
        }
    }

    public static async Task<ServiceProcess> StartAsync(string repository, bool batching)
    {
        var (port, grpcPort) = FreePorts();
        var process = LongRunningProcess.Start(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "Slipway.Serving.dll")], environment: new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Serving__GrpcUrl"] = $"http://127.0.0.1:{grpcPort}",
            ["Serving__ModelRepository"] = repository,
            ["Serving__Batching__Enabled"] = batching ? "true" : "false",
            ["Serving__Batching__QueueCapacity"] = "1024",
        });

        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"), new Uri($"http://127.0.0.1:{grpcPort}"));
        using var client = new HttpClient { BaseAddress = service.Address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/v2/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with code {process.ExitCode} before it was ready; its last output:{Environment.NewLine}{Tail(process)}");
            }

            await Task.Delay(100);
        }

        var tail = Tail(process);
        await service.DisposeAsync();
        throw new TimeoutException($"the service was not ready within 60 s; its last output:{Environment.NewLine}{tail}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _inspector.Dispose();
    }

    /// <summary>Two distinct free loopback ports: both listeners are open at once, so the system cannot hand out the same port twice.</summary>
    private static (int RestPort, int GrpcPort) FreePorts()
    {
        using var rest = new TcpListener(IPAddress.Loopback, 0);
        using var grpc = new TcpListener(IPAddress.Loopback, 0);
        rest.Start();
        grpc.Start();
        var ports = (((IPEndPoint)rest.LocalEndpoint).Port, ((IPEndPoint)grpc.LocalEndpoint).Port);
        rest.Stop();
        grpc.Stop();
        return ports;
    }

    private static string Tail(LongRunningProcess process) => string.Join(Environment.NewLine, process.Output.TakeLast(30).Select(line => "  service: " + line));

    /// <summary>The dotnet host running this process when it is one, else the one the SDK names, else "dotnet" from PATH.</summary>
    private static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : "dotnet";
}
