using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Smoke;

/// <summary>
/// The result of a smoke test, written to <c>artifacts/smoke/latency.json</c> (camelCase).
/// Percentiles are nearest-rank over the successful requests' latencies.
/// </summary>
public sealed record LatencySample
{
    public const string DefaultRelativePath = "artifacts/smoke/latency.json";

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public int SchemaVersion { get; init; } = 1;
    public required string Endpoint { get; init; }
    public required string Model { get; init; }
    public string? ModelVersion { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required int Concurrency { get; init; }
    public required int Requests { get; init; }
    public required int Failures { get; init; }
    public required LatencyStatistics LatencyMs { get; init; }
    public IReadOnlyList<HistogramBucket> Histogram { get; init; } = [];
    /// <summary>Latency of every measured request in the order sent (failed ones included).</summary>
    public IReadOnlyList<double> SamplesMs { get; init; } = [];
    /// <summary>The first failures (at most 20), to tell what went wrong.</summary>
    public IReadOnlyList<SmokeFailure> FailureSamples { get; init; } = [];

    public double FailureRate => Requests == 0 ? 0 : (double)Failures / Requests;

    public async Task WriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, JsonOptions, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<LatencySample> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<LatencySample>(stream, JsonOptions, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"The latency sample '{path}' is empty (JSON null); run the SmokeTest target again to rewrite it.");
    }

    /// <summary>Throws <see cref="SmokeTestFailedException"/> when more than <paramref name="maxFailureRate"/> of the requests failed.</summary>
    public void EnsureSuccess(double maxFailureRate = 0)
    {
        if (FailureRate <= maxFailureRate)
            return;
        var examples = string.Join(Environment.NewLine, FailureSamples.Take(5).Select(f => $"  - request {f.Index}: {f.Message}"));
        throw new SmokeTestFailedException(
            $"The smoke test against '{Endpoint}' (model '{Model}') failed {Failures} of {Requests} requests " +
            $"({FailureRate:P1}, allowed {maxFailureRate:P1}). First failures:{Environment.NewLine}{examples}{Environment.NewLine}" +
            "Check the service's logs and that the edge routes to a ready version.");
    }
}
