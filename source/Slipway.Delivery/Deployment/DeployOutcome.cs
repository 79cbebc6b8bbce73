namespace Slipway.Delivery.Deployment;

public enum DeployOutcome
{
    Succeeded,

    /// <summary>The requested image already serves the environment; nothing was changed.</summary>
    Unchanged,
}
