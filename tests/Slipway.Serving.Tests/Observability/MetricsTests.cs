using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Observability;

[Collection(ServingCollection.Name)]
public sealed class MetricsTests(SharedServing serving)
{
    [Fact]
    public async Task MetricsExposeRequestsFailuresLatencyQueueBatchAndLoadTime()
    {
        // Arrange
        await serving.Client.PostJsonAsync("/v2/models/minilm/infer", Http.Texts("metrics please"));
        await serving.Client.PostJsonAsync("/v2/models/minilm/infer", "{}");

        // Act
        var text = await serving.Client.GetStringAsync("/metrics");

        // Assert
        text.ShouldContain("slipway_inference_requests_total{model=\"minilm\",version=\"1\",status=\"200\"}");
        text.ShouldContain("slipway_inference_requests_total{model=\"minilm\",version=\"1\",status=\"400\"}");
        text.ShouldContain("slipway_inference_failures_total{model=\"minilm\",version=\"1\",reason=\"bad_request\"}");
        text.ShouldContain("slipway_inference_request_duration_seconds_bucket{model=\"minilm\",version=\"1\",le=");
        text.ShouldContain("slipway_http_requests_in_flight");
        text.ShouldContain("slipway_inference_queue_depth{model=\"minilm\",version=\"1\"}");
        text.ShouldContain("slipway_inference_batch_size_bucket{model=\"minilm\",version=\"1\",le=");
        text.ShouldContain("slipway_model_load_duration_seconds{model=\"minilm\",version=\"1\"}");
        text.ShouldContain("slipway_model_ready{model=\"minilm\",version=\"1\"}");
    }

    [Fact]
    public async Task RequestLatencyIsCountedInTheFineBuckets()
    {
        // Arrange
        await serving.Client.PostJsonAsync("/v2/models/minilm/infer", Http.Texts("fine buckets"));

        // Act
        var text = await serving.Client.GetStringAsync("/metrics");

        // Assert
        text.ShouldContain("slipway_inference_request_duration_seconds_bucket{model=\"minilm\",version=\"1\",le=\"0.00125\"}");
        text.ShouldContain("slipway_inference_request_duration_seconds_bucket{model=\"minilm\",version=\"1\",le=\"1.01\"}");
    }

    [Fact]
    public async Task UnknownModelNamesDoNotBecomeMetricLabels()
    {
        // Arrange
        await serving.Client.PostJsonAsync("/v2/models/probe-a8f3/infer", Http.Texts("x"));

        // Act
        var text = await serving.Client.GetStringAsync("/metrics");

        // Assert
        text.ShouldNotContain("probe-a8f3");
        text.ShouldContain("slipway_inference_requests_total{model=\"_unknown\",version=\"_unknown\",status=\"404\"}");
    }

    [Fact]
    public async Task EachRequestLogsOneLineWithModelStatusDurationAndIdButNoPayload()
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/minilm/infer") { Content = new StringContent(Http.Texts("a confidential sentence")) };
        request.Headers.Add("X-Request-Id", "log-check-42");

        // Act
        using var response = await serving.Client.SendAsync(request);

        // Assert
        var line = serving.App.LogLines.Single(l => l.Contains("request_id=log-check-42"));
        line.ShouldContain("POST /v2/models/minilm/infer model=minilm status=200 duration=");
        serving.App.LogLines.ShouldNotContain(l => l.Contains("confidential"));
    }
}
