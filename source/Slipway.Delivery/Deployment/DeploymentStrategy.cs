namespace Slipway.Delivery.Deployment;

/// <summary>How traffic moves from the serving version to the candidate.</summary>
public enum DeploymentStrategy
{
    /// <summary>All traffic at once after the gates, then a watch window.</summary>
    BlueGreen,

    /// <summary>Weighted steps (e.g. 10%, 50%, 100%), each judged by the analysis, then a watch window.</summary>
    Canary,
}
