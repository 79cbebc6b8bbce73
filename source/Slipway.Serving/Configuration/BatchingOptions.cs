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

    /// <summary>
    /// Longest wait, in milliseconds, for as many requests as the previous batch held (models whose manifest sets no
    /// maxQueueDelayMs). Keeps batches full under steady load; a single client never waits. 0 turns it off.
    /// </summary>
    [Range(0, 1000, ErrorMessage = "Serving:Batching:AdaptiveWaitMs must be 0..1000.")]
    public int AdaptiveWaitMs { get; set; } = 5;

    /// <summary>Seconds sent in Retry-After when a queue is full.</summary>
    [Range(1, 3600, ErrorMessage = "Serving:Batching:RetryAfterSeconds must be 1..3600.")]
    public int RetryAfterSeconds { get; set; } = 1;
}
