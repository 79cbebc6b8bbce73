using System.Threading.RateLimiting;

namespace Slipway.Serving.Security;

/// <summary>
/// The per-key request rates (<see cref="ApiKey.Rate"/>): one token bucket per key name, partitioned with
/// <see cref="PartitionedRateLimiter"/>, shared by REST and gRPC. Limits count in this instance only.
/// </summary>
public sealed class ApiKeyRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<ApiKey> _limiter = PartitionedRateLimiter.Create<ApiKey, string>(key => key.Rate is not { } rate
        ? RateLimitPartition.GetNoLimiter(key.Name)
        : RateLimitPartition.GetTokenBucketLimiter(key.Name, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = rate.Permits,
            TokensPerPeriod = rate.Permits,
            ReplenishmentPeriod = rate.Per,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when <paramref name="key"/> may send this request now; otherwise how long until it may (at least 1 s).</summary>
    public TimeSpan? TryAcquire(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : key.Rate!.Per;
        return retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter;
    }

    /// <summary>The Retry-After value in whole seconds, rounded up.</summary>
    public static int Seconds(TimeSpan retryAfter) => (int)Math.Ceiling(retryAfter.TotalSeconds);

    public static string Refusal(ApiKey key, TimeSpan retryAfter) =>
        $"the API key '{key.Name}' is over its rate of {key.Rate} (per service instance); retry after {Seconds(retryAfter)} s.";

    public void Dispose() => _limiter.Dispose();
}
