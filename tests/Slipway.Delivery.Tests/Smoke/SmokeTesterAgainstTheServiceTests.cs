using Slipway.Delivery.Smoke;
using Slipway.Delivery.Tests.Infrastructure;
using Slipway.Tooling;
using Xunit.Abstractions;

namespace Slipway.Delivery.Tests.Smoke;

/// <summary>The smoke test against the real service (published as the Publish target does) serving the real all-MiniLM-L6-v2.</summary>
[Trait("Category", Deployment.DeployFixture.ServiceCategory)]
public sealed class SmokeTesterAgainstTheServiceTests(ITestOutputHelper log) : IAsyncLifetime
{
    private LongRunningProcess? _service;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var publish = await PublishedService.PublishDirectoryAsync();
        var models = await PublishedService.ModelDirectoryAsync();
        var port = FreePort.Next();
        _address = new Uri($"http://127.0.0.1:{port}/");
        _service = LongRunningProcess.Start(Path.Combine(publish, "Slipway.Serving"), [], publish, new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Serving__ModelRepository"] = models,
            ["Serving__GrpcUrl"] = "", // REST only: these tests need no gRPC port
        });
        await WaitReadyAsync();
    }

    [Fact]
    public async Task MeasuresEveryRequestToTheRealServiceWithoutFailures()
    {
        // Arrange
        var options = new SmokeTestOptions(_address, "minilm").WithRequests(30).WithWarmupRequests(3);

        // Act
        var sample = await new SmokeTester().RunAsync(options);

        // Assert
        log.WriteLine($"{sample.Requests} requests: p50 {sample.LatencyMs.P50} ms, p95 {sample.LatencyMs.P95} ms, p99 {sample.LatencyMs.P99} ms, max {sample.LatencyMs.Max} ms");
        sample.FailureSamples.ShouldBeEmpty(string.Join(Environment.NewLine, _service!.Output.TakeLast(30)));
        sample.Failures.ShouldBe(0);
        sample.SamplesMs.Count.ShouldBe(30);
        sample.Histogram.Sum(b => b.Count).ShouldBe(30);
        sample.LatencyMs.P50.ShouldBeGreaterThan(0);
        sample.EnsureSuccess();
    }

    [Fact]
    public async Task NamesTheModelTheServiceDoesNotServe()
    {
        // Act
        var error = await Should.ThrowAsync<SmokeTestFailedException>(() => new SmokeTester().RunAsync(new SmokeTestOptions(_address, "no-such-model")));

        // Assert
        error.Message.ShouldContain("404");
        error.Message.ShouldContain("model 'no-such-model'");
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = _address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !_service!.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("v2/health/ready");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The service at {_address} was not ready within 90 s. Its output:{Environment.NewLine}{string.Join(Environment.NewLine, _service!.Output)}");
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
            await _service.DisposeAsync();
    }
}
