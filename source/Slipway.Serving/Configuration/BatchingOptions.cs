using System.ComponentModel.DataAnnotations;

namespace Slipway.Serving.Configuration;

/// <summary>Section <c>Serving:Batching</c>.</summary>
public sealed class BatchingOptions
{
    public const string Section = "Serving:Batching";

    /// <summary>Merge concurrent requests into one model run (models whose manifest has maxBatchSize &gt; 0).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests that may wait per model version; beyond it the answer is 503 with Retry-After.</summary>
    [Range(1, 100_000, ErrorMessage = "Serving:Batching:QueueCapacity must be 1..100000.")]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Seconds sent in Retry-After when a queue is full.</summary>
    [Range(1, 3600, ErrorMessage = "Serving:Batching:RetryAfterSeconds must be 1..3600.")]
    public int RetryAfterSeconds { get; set; } = 1;
}
