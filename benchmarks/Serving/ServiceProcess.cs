using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Slipway.Tooling;

namespace Slipway.Serving.Benchmarks;

/// <summary>The published-style service (<c>dotnet Slipway.Serving.dll</c>) on real Kestrel at 127.0.0.1:&lt;free port&gt;.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly LongRunningProcess _process;
    private readonly Process _inspector;

    private ServiceProcess(LongRunningProcess process, Uri address)
    {
        _process = process;
        _inspector = Process.GetProcessById(process.Id);
        Address = address;
    }

    public Uri Address { get; }

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
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var process = LongRunningProcess.Start(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "Slipway.Serving.dll")], environment: new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Serving__ModelRepository"] = repository,
            ["Serving__Batching__Enabled"] = batching ? "true" : "false",
            ["Serving__Batching__QueueCapacity"] = "1024",
        });

        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
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

    private static string Tail(LongRunningProcess process) => string.Join(Environment.NewLine, process.Output.TakeLast(30).Select(line => "  service: " + line));

    /// <summary>The dotnet host running this process when it is one, else the one the SDK names, else "dotnet" from PATH.</summary>
    private static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : "dotnet";
}
