namespace Slipway.Delivery.Deployment;

/// <summary>A successful (or unchanged) deploy: what serves now and how long each phase took.</summary>
public sealed record DeployResult(
    DeployOutcome Outcome,
    string Environment,
    string Endpoint,
    string ImageId,
    string? PreviousImageId,
    string? Colour,
    IReadOnlyDictionary<string, double> PhaseDurationsMs,
    LedgerEntry LedgerEntry,
    string Message)
{
    /// <summary>The edge's gRPC address (<c>http://127.0.0.1:8081</c>), when what serves now speaks gRPC; else null.</summary>
    public string? GrpcEndpoint { get; init; }
}
