using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Hosting;

/// <summary>The service as the container runs it: a real process, real Kestrel on 127.0.0.1, real signals.</summary>
public sealed class ServiceProcessTests : IDisposable
{
    private readonly ModelRepositoryBuilder _repository = new();

    public void Dispose() => _repository.Dispose();

    [Fact]
    public async Task SigtermLetsTheInFlightRequestFinishThenExitsZero()
    {
        // Arrange: a 2 s queue delay keeps the request in flight while the signal arrives
        _repository.WithAdder(maxBatchSize: 8, maxQueueDelayMs: 2000);
        await using var service = ServingProcess.Start(_repository.Root);
        await service.WaitUntilReadyAsync();
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        var inFlight = client.PostJsonAsync("/v2/models/adder/infer",
            """{"inputs":[{"name":"a","shape":[1,3],"datatype":"FP32","data":[1,2,3]},{"name":"b","shape":[1,3],"datatype":"FP32","data":[3,2,1]}]}""");
        await WaitForInFlightAsync(client);

        // Act
        service.SendSigterm();
        var (status, body, _) = await inFlight;
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        // Assert
        status.ShouldBe(200);
        body!["outputs"]![0]!["data"]!.ToJsonString().ShouldBe("[4,4,4]");
        exitCode.ShouldBe(0);
        service.Output.ShouldContain(l => l.Contains("Shutdown requested: readiness is now false"));
    }

    [Fact]
    public async Task HealthcheckExitsZeroWhenTheServiceIsReady()
    {
        // Arrange
        _repository.WithAdder();
        await using var service = ServingProcess.Start(_repository.Root);
        await service.WaitUntilReadyAsync();

        // Act
        var (exitCode, output) = await ServingProcess.HealthCheckAsync(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{service.Port}" });

        // Assert
        exitCode.ShouldBe(0, output);
        output.ShouldContain($"healthy: GET http://127.0.0.1:{service.Port}/v2/health/ready answered 200");
    }

    [Fact]
    public async Task HealthcheckExitsOneWhenTheServiceIsLiveButNotReady()
    {
        // Arrange: an empty repository is live, never ready
        await using var service = ServingProcess.Start(_repository.Root);
        await WaitForLiveAsync(service);

        // Act
        var (exitCode, output) = await ServingProcess.HealthCheckAsync(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = $"http://+:{service.Port}" });

        // Assert
        exitCode.ShouldBe(1);
        output.ShouldContain("answered 503");
    }

    [Fact]
    public async Task HealthcheckExitsOneWhenNothingListens()
    {
        // Arrange
        var port = ServingProcess.FreePort();

        // Act
        var (exitCode, output) = await ServingProcess.HealthCheckAsync(new Dictionary<string, string?> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString() });

        // Assert
        exitCode.ShouldBe(1);
        output.ShouldContain($"unhealthy: GET http://127.0.0.1:{port}/v2/health/ready failed");
    }

    [Fact]
    public async Task BadConfigurationExitsTwoAndNamesTheKey()
    {
        // Arrange
        _repository.WithAdder();
        await using var service = ServingProcess.Start(_repository.Root, new Dictionary<string, string?> { ["Serving__DrainTimeoutSeconds"] = "0" });

        // Act
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        // Assert
        exitCode.ShouldBe(2);
        service.Output.ShouldContain(l => l.Contains("refused to start") && l.Contains("Serving:DrainTimeoutSeconds must be 1..3600 seconds."));
    }

    private static async Task WaitForInFlightAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var metrics = await client.GetStringAsync("/metrics");
            // The scrape itself is one request in flight; the inference makes two.
            if (metrics.Contains("slipway_http_requests_in_flight 2", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the inference request never showed up as in flight");
    }

    private static async Task WaitForLiveAsync(ServingProcess service)
    {
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/v2/health/live");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("service never became live:\n" + string.Join('\n', service.Output));
    }
}
