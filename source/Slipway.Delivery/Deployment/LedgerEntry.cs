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
    /// <summary>The CI run or job that made this entry (GitHub Actions run, GitLab job, Jenkins build).</summary>
    public string? RunUrl { get; init; }
    public DateTimeOffset? CommitTime { get; init; }
    public string? Version { get; init; }
    public string? ImageId { get; init; }
    public string? ImageDigest { get; init; }
    public string? ImageReference { get; init; }
    public string? PreviousImageId { get; init; }
    public IReadOnlyList<ModelVersion> Models { get; init; } = [];
    /// <summary>Phase name → milliseconds: start, ready, smoke, grpc (a gRPC image), probes, switch, verify, analysis, watch, drain.</summary>
    public IReadOnlyDictionary<string, double> PhaseDurationsMs { get; init; } = new Dictionary<string, double>();
    public string? Reason { get; init; }
    public string? Backend { get; init; }
    public string? Colour { get; init; }
    public string? Endpoint { get; init; }
    /// <summary>blue-green | canary</summary>
    public string? Strategy { get; init; }
    /// <summary>Each traffic move of the edge during the deploy: when, and the share of each colour.</summary>
    public IReadOnlyList<TrafficChange> Traffic { get; init; } = [];
    /// <summary>Every analysis window's judged metrics (query, value, threshold, verdict).</summary>
    public IReadOnlyList<Analysis.AnalysisCheck> Analyses { get; init; } = [];
    /// <summary>The golden-output probe gate's result, when it ran.</summary>
    public Probes.ProbeSummary? Probes { get; init; }
    /// <summary>The environment's Prometheus and Alertmanager.</summary>
    public string? Prometheus { get; init; }
    public string? Alertmanager { get; init; }
    /// <summary>What the deploy's own probe load sent through the edge, and how much of it failed.</summary>
    public int? ProbeLoadSent { get; init; }
    public int? ProbeLoadFailed { get; init; }
    /// <summary>The SHA-256 of the line before this one (<see cref="LedgerChain"/>); set by <see cref="DeploymentLedger.AppendAsync"/>.</summary>
    public string? Previous { get; init; }
}

/// <summary>The edge's shares after one traffic move (colour → percent).</summary>
public sealed record TrafficChange(DateTimeOffset At, IReadOnlyDictionary<string, int> Weights);

/// <param name="Sha256">The model digest over every file of the model (<see cref="Models.ModelDigest"/>).</param>
public sealed record ModelVersion(string Name, string Version, string? Sha256);
