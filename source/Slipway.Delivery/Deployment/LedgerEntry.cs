namespace Slipway.Delivery.Deployment;

/// <summary>
/// One line of the deployment ledger (JSON Lines, camelCase, one file per environment, append-only).
/// The Report target computes delivery metrics from these entries.
/// </summary>
public sealed record LedgerEntry
{
    public required string Id { get; init; }
    public required string Environment { get; init; }
    /// <summary>deploy | rollback | undeploy</summary>
    public required string Action { get; init; }
    /// <summary>started | succeeded | failed | rolled-back | unchanged</summary>
    public required string Outcome { get; init; }
    public required string Who { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Commit { get; init; }
    public DateTimeOffset? CommitTime { get; init; }
    public string? Version { get; init; }
    public string? ImageId { get; init; }
    public string? ImageDigest { get; init; }
    public string? ImageReference { get; init; }
    public string? PreviousImageId { get; init; }
    public IReadOnlyList<ModelVersion> Models { get; init; } = [];
    /// <summary>Phase name → milliseconds: start, healthy, ready, smoke, switch, verify, drain.</summary>
    public IReadOnlyDictionary<string, double> PhaseDurationsMs { get; init; } = new Dictionary<string, double>();
    public string? Reason { get; init; }
    public string? Backend { get; init; }
    public string? Colour { get; init; }
    public string? Endpoint { get; init; }
}

public sealed record ModelVersion(string Name, string Version, string? Sha256);
