namespace Slipway.Delivery.Reporting.Model;

/// <summary>The pipeline run from the run record. The command-line arguments are left out: they may hold secrets.</summary>
public sealed record RunSection : ReportSection
{
    public string Outcome { get; init; } = "Unknown";
    public IReadOnlyList<string> RequestedTargets { get; init; } = [];
    public string? Host { get; init; }
    /// <summary>The CI run's page (GitHub Actions run, GitLab job, Jenkins build); null off CI.</summary>
    public string? RunUrl { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public double? DurationMs { get; init; }
    public int? ExitCode { get; init; }
    public string? Commit { get; init; }
    /// <summary>Parameter values as the run record gives them; names that look secret are masked again.</summary>
    public IReadOnlyDictionary<string, string?> Parameters { get; init; } = new Dictionary<string, string?>();
    public IReadOnlyList<TargetRun> Targets { get; init; } = [];
    public StageTimes Stages { get; init; } = StageTimes.None;
}
