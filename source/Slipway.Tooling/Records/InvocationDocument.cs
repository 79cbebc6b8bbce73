namespace Slipway.Tooling.Records;

/// <summary>
/// How the run in <c>run.json</c> was invoked and how long it took. The engine writes every field; those a reader can
/// do without are optional, so a record from an older engine (no <see cref="Key"/>) still reads.
/// </summary>
public sealed record InvocationDocument
{
    /// <summary>The targets asked for on the command line (or the default ones).</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];
    /// <summary>The command line, secrets redacted.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public IReadOnlyList<string> Profiles { get; init; } = [];
    public string? Host { get; init; }
    /// <summary>The CI run's page: the GitHub Actions run, the GitLab job (CI_JOB_URL) or the Jenkins build (BUILD_URL); null off CI.</summary>
    public string? RunUrl { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>When the record was last written; while the run goes on (outcome "Running") that is after the latest target.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    public double DurationMs { get; init; }
    /// <summary>Null while the run goes on.</summary>
    public int? ExitCode { get; init; }
    public string? Commit { get; init; }
    /// <summary>Identifies the invocation (targets, non-secret parameters, skips) for <c>--continue</c>.</summary>
    public string? Key { get; init; }
}
