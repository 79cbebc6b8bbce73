namespace Slipway.Delivery.Deployment;

/// <summary>
/// A deploy, rollback or undeploy did not succeed. The running version was left serving unless the message says otherwise.
/// Build targets map this to a failed target (exit code 1).
/// </summary>
public class DeploymentFailedException : Exception
{
    public DeploymentFailedException(string message)
        : base(message)
    {
    }

    public DeploymentFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DeploymentFailedException(string message, string? candidateLogs, LedgerEntry? ledgerEntry, Exception? innerException = null)
        : base(ComposeMessage(message, candidateLogs), innerException)
    {
        Reason = message;
        CandidateLogs = candidateLogs;
        LedgerEntry = ledgerEntry;
    }

    /// <summary>Why it failed, without the attached logs.</summary>
    public string? Reason { get; }

    /// <summary>The last lines the container being waited on (usually the candidate) wrote, when there was one.</summary>
    public string? CandidateLogs { get; }

    /// <summary>The final ledger entry written for this attempt.</summary>
    public LedgerEntry? LedgerEntry { get; }

    private static string ComposeMessage(string message, string? logs) =>
        string.IsNullOrWhiteSpace(logs)
            ? message
            : message + System.Environment.NewLine + "Last log lines:" + System.Environment.NewLine + logs.TrimEnd();
}
