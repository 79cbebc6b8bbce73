namespace Slipway.Serving.Batching;

/// <summary>The model's request queue is at capacity; the caller should answer 503 with Retry-After.</summary>
public sealed class QueueFullException(string modelName, string version, int capacity)
    : Exception($"model '{modelName}' version '{version}' has {capacity} requests queued, its limit; retry shortly.")
{
    public int Capacity { get; } = capacity;
}
