using System.Text.Json;
using Slipway.Delivery.Reporting.Model;
using Slipway.Delivery.Smoke;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>Reads the smoke test's <c>artifacts/smoke/latency.json</c>.</summary>
internal static class LatencySampleReader
{
    public static async Task<LatencySection> ReadAsync(string? path, PathDisplay display, CancellationToken cancellationToken)
    {
        if (path is null || !File.Exists(path))
            return new LatencySection { Reason = $"No latency sample at '{display.Show(path)}'; the SmokeTest target writes it after a deploy." };
        try
        {
            var sample = await LatencySample.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            return new LatencySection
            {
                Endpoint = sample.Endpoint,
                Model = sample.Model,
                StartedAt = sample.StartedAt,
                Requests = sample.Requests,
                Failures = sample.Failures,
                Concurrency = sample.Concurrency,
                LatencyMs = sample.LatencyMs ?? LatencyStatistics.Empty,
                Histogram = sample.Histogram ?? [],
                FailureSamples = sample.FailureSamples ?? [],
            };
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException or NotSupportedException)
        {
            return new LatencySection { Reason = $"The latency sample '{display.Show(path)}' cannot be read ({exception.Message}); run the SmokeTest target again." };
        }
    }
}
