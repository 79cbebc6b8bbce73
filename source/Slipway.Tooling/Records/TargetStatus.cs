namespace Slipway.Tooling.Records;

/// <summary>Where a target stands; the engine keeps it per target and writes it by name into <c>run.json</c>.</summary>
public enum TargetStatus
{
    None,
    Running,
    Succeeded,
    UpToDate,
    Failed,
    Skipped,
    NotRun,
    Aborted,
}
