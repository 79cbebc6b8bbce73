using Slipway.Delivery.Models;
using Slipway.Delivery.Tests.Infrastructure;
using Slipway.Tooling;

namespace Slipway.Delivery.Tests.Probes;

/// <summary>
/// The real service (published as the Publish target does) serving the real all-MiniLM-L6-v2 on a free 127.0.0.1 port,
/// started once for a test class and ready before its first test.
/// </summary>
public sealed class ServingProcessFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private LongRunningProcess? _service;

    public Uri Address { get; private set; } = null!;

    /// <summary>The manifest of the model the service serves (what the Model target writes).</summary>
    public ModelManifest Manifest { get; private set; } = null!;

    public IReadOnlyList<string> Output => _service?.Output ?? [];

    public async Task InitializeAsync()
    {
        var publish = await PublishedService.PublishDirectoryAsync();
        var models = await PublishedService.ModelDirectoryAsync();
        Manifest = await ModelManifestFile.ReadAsync(Path.Combine(models, ModelMaterializer.MiniLmName, ModelMaterializer.MiniLmVersion, ModelManifestFile.FileName));
        var port = FreePort.Next();
        Address = new Uri($"http://127.0.0.1:{port}/");
        _service = LongRunningProcess.Start(Path.Combine(publish, "Slipway.Serving"), [], publish, new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Serving__ModelRepository"] = models,
            ["Serving__GrpcUrl"] = "", // REST only: these tests need no gRPC port
        });
        await WaitReadyAsync();
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline && !_service!.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("v2/health/ready");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The service at {Address} was not ready within {ReadyTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{string.Join(Environment.NewLine, Output)}");
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
            await _service.DisposeAsync();
    }
}
