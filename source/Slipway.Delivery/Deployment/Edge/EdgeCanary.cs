namespace Slipway.Delivery.Deployment.Edge;

/// <summary>The candidate's share of the edge's traffic during a canary step.</summary>
/// <param name="Percent">1–99; the stable colour takes the rest.</param>
public sealed record EdgeCanary(string Colour, IReadOnlyList<string> Servers, int Percent)
{
    /// <summary>The candidate's gRPC backends (host:port), weighted like <see cref="Servers"/>; empty when it speaks no gRPC.</summary>
    public IReadOnlyList<string> GrpcServers { get; init; } = [];
}
