using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Reporting.Model;

/// <summary>
/// How the latest deploy moved traffic and what judged it: the edge's moves, every analysis check (canary steps and the
/// watch window), the golden-output probes, the probe load and where the environment's monitoring stack listens.
/// </summary>
public sealed record RolloutReport
{
    public required string DeploymentId { get; init; }
    public string? Version { get; init; }
    /// <summary>blue-green | canary | rolling-update; null in entries written before the ledger recorded it.</summary>
    public string? Strategy { get; init; }
    public required string Outcome { get; init; }
    public string? Reason { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The colour being deployed.</summary>
    public string? Candidate { get; init; }
    /// <summary>The colour it is judged against (the other colour of the edge), when there was one.</summary>
    public string? Baseline { get; init; }
    /// <summary>The candidate's share after each traffic move, in percent (e.g. 10, 50, 100; or 10, 0 when rolled back).</summary>
    public IReadOnlyList<int> Steps { get; init; } = [];
    public IReadOnlyList<TrafficPoint> Traffic { get; init; } = [];
    /// <summary>The analysis phases in the order they ran ("step 10%", …, "watch").</summary>
    public IReadOnlyList<string> Phases { get; init; } = [];
    public IReadOnlyList<AnalysisCheck> Checks { get; init; } = [];
    public int ChecksPassed { get; init; }
    public int ChecksFailed { get; init; }
    public int ChecksInconclusive { get; init; }
    public ProbeReport? Probes { get; init; }
    public int? ProbeLoadSent { get; init; }
    public int? ProbeLoadFailed { get; init; }
    public string? Prometheus { get; init; }
    public string? Alertmanager { get; init; }
}
