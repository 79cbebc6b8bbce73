namespace Slipway.Delivery.Tests.Deployment;

/// <summary>One request: when it started (since the load began), how long it took, the colour that answered or the error.</summary>
public sealed record LoadSample(TimeSpan Started, TimeSpan Latency, string? Colour, string? Error)
{
    public bool Failed => Error is not null;
}
