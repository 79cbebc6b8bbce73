namespace Slipway.Build.Execution;

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
