namespace Slipway.Delivery.Deployment.Strategies;

/// <summary>How traffic moves from the baseline to a gated candidate, and what is judged on the way.</summary>
internal interface IDeploymentStrategy
{
    /// <summary>"blue-green" or "canary" (the ledger's name).</summary>
    string Name { get; }

    /// <summary>
    /// Moves the traffic. Returns <see cref="StrategyResult.Promoted"/> with the candidate taking everything, or
    /// <see cref="StrategyResult.RolledBack"/> after putting everything back on the baseline.
    /// </summary>
    Task<StrategyResult> RunAsync(IRelease release, CancellationToken cancellationToken);
}
