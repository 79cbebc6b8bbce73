using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Serilog;

namespace Slipway.Delivery.Smoke;

/// <summary>
/// Sends Open Inference Protocol requests through the edge and measures each one.
/// Reads the model's metadata first, then sends <see cref="SmokeTestOptions.WarmupRequests"/> unmeasured
/// and <see cref="SmokeTestOptions.Requests"/> measured infer requests, <see cref="SmokeTestOptions.Concurrency"/> at a time.
/// </summary>
public sealed class SmokeTester
{
    private const int MaxFailureSamples = 20;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <param name="http">Its timeout is left alone; each request gets the options' timeout.</param>
    public SmokeTester(HttpClient? http = null, ILogger? logger = null, TimeProvider? time = null)
    {
        _http = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _logger = logger ?? Log.Logger;
        _time = time ?? TimeProvider.System;
    }

    public async Task<LatencySample> RunAsync(SmokeTestOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var metadata = await GetMetadataAsync(options, cancellationToken).ConfigureAwait(false);
        var inferUri = new Uri(WithSlash(options.Endpoint), options.ModelPath + "/infer");
        _logger.Information(
            "Smoke test: {Requests} requests ({Warmup} warm-up) to {InferUri}, {Concurrency} at a time",
            options.Requests, options.WarmupRequests, inferUri, options.Concurrency);

        for (var i = 0; i < options.WarmupRequests; i++)
            await SendAsync(inferUri, metadata, options, -1 - i, cancellationToken).ConfigureAwait(false);

        var startedAt = _time.GetUtcNow();
        var results = new RequestResult[options.Requests];
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(options.Concurrency, options.Requests)).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < options.Requests)
                results[index] = await SendAsync(inferUri, metadata, options, index, cancellationToken).ConfigureAwait(false);
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        var finishedAt = _time.GetUtcNow();

        var succeeded = results.Where(r => r.Failure is null).Select(r => r.LatencyMs).ToArray();
        var failures = results.Select((r, i) => r.Failure is null ? null : r.Failure with { Index = i }).OfType<SmokeFailure>().ToArray();
        var sample = new LatencySample
        {
            Endpoint = options.Endpoint.ToString(),
            Model = options.Model,
            ModelVersion = options.ModelVersion,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Concurrency = options.Concurrency,
            Requests = options.Requests,
            Failures = failures.Length,
            LatencyMs = LatencyStatistics.From(succeeded),
            Histogram = HistogramBucket.Build(succeeded),
            SamplesMs = results.Select(r => Math.Round(r.LatencyMs, 3)).ToArray(),
            FailureSamples = failures.Take(MaxFailureSamples).ToArray(),
        };
        _logger.Information(
            "Smoke test: {Failures} of {Requests} failed; p50 {P50} ms, p95 {P95} ms, p99 {P99} ms, max {Max} ms",
            sample.Failures, sample.Requests, sample.LatencyMs.P50, sample.LatencyMs.P95, sample.LatencyMs.P99, sample.LatencyMs.Max);
        return sample;
    }

    private async Task<ModelMetadata> GetMetadataAsync(SmokeTestOptions options, CancellationToken cancellationToken)
    {
        var uri = new Uri(WithSlash(options.Endpoint), options.ModelPath);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var request = Deployment.Gates.ServiceRequest.Get(uri, options.ApiKey);
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SmokeTestFailedException(
                    $"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}. " +
                    $"The smoke test needs the metadata of model '{options.Model}'; check the model name (and version) and that the deployed version is ready.");
            }
            return InferenceRequestFactory.ParseMetadata(body);
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidDataException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SmokeTestFailedException(
                $"Could not read the metadata of model '{options.Model}' from {uri}: {exception.Message} " +
                "Check that the edge is running at that address and routes to a ready version.", exception);
        }
    }

    private async Task<RequestResult> SendAsync(Uri inferUri, ModelMetadata metadata, SmokeTestOptions options, int index, CancellationToken cancellationToken)
    {
        var body = InferenceRequestFactory.Build(metadata, Math.Max(index, 0), options.Sentences);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var request = Deployment.Gates.ServiceRequest.Post(inferUri, content, options.ApiKey);
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var responseBody = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            stopwatch.Stop();
            var elapsed = stopwatch.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
                return new RequestResult(elapsed, new SmokeFailure(index, (int)response.StatusCode, $"HTTP {(int)response.StatusCode}: {Excerpt(responseBody)}"));
            var problem = CheckResponse(responseBody);
            return new RequestResult(elapsed, problem is null ? null : new SmokeFailure(index, (int)response.StatusCode, problem));
        }
        catch (Exception exception) when (exception is HttpRequestException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            stopwatch.Stop();
            var message = exception is OperationCanceledException
                ? $"no answer within {options.RequestTimeout.TotalSeconds:0.###} s"
                : exception.Message;
            return new RequestResult(stopwatch.Elapsed.TotalMilliseconds, new SmokeFailure(index, null, message));
        }
    }

    /// <summary>Null when the body is an infer response with at least one output; otherwise what is wrong.</summary>
    private static string? CheckResponse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return "the response is not a JSON object";
            if (!document.RootElement.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array || outputs.GetArrayLength() == 0)
                return $"the response has no outputs: {Excerpt(body)}";
            return null;
        }
        catch (JsonException exception)
        {
            return $"the response is not JSON ({exception.Message}): {Excerpt(body)}";
        }
    }

    private static Uri WithSlash(Uri endpoint) =>
        endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");

    private static string Excerpt(string text) =>
        text.Length <= 300 ? text : text[..300] + "…";

    private sealed record RequestResult(double LatencyMs, SmokeFailure? Failure);
}
