namespace Slipway.Delivery.Testing;

/// <summary>What a test's trx outcome means for a run: anything that neither passed nor was left unrun failed.</summary>
public enum TestOutcome
{
    Passed,
    Failed,
    Skipped,
}
