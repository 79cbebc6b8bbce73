namespace Slipway.Delivery.Deployment;

/// <summary>The values of <see cref="LedgerEntry.Outcome"/> and <see cref="LedgerEntry.Action"/>.</summary>
public static class LedgerOutcomes
{
    public const string Started = "started";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string RolledBack = "rolled-back";
    public const string Unchanged = "unchanged";

    public const string Deploy = "deploy";
    public const string Rollback = "rollback";
    public const string Undeploy = "undeploy";
}
