namespace Slipway.Delivery.Deployment;

/// <summary>How a deploy ended, as a value a backend returns to the <see cref="Deployer"/>, which finishes the ledger entry from it.</summary>
public enum DeploymentOutcomeKind
{
    /// <summary>The new version serves all traffic.</summary>
    Promoted,

    /// <summary>The requested version already served; nothing changed.</summary>
    Unchanged,

    /// <summary>The new version took traffic, an analysis failed, and the previous version serves everything again.</summary>
    RolledBack,

    /// <summary>The new version never took traffic (a gate failed); the previous version kept serving.</summary>
    Failed,
}

/// <summary>The result of a backend's deploy: what happened and what serves now.</summary>
public sealed record DeploymentOutcome(DeploymentOutcomeKind Kind, string Message)
{
    public string? ImageId { get; init; }

    public string? PreviousImageId { get; init; }

    public string? Colour { get; init; }

    public string? Endpoint { get; init; }

    /// <summary>The edge's gRPC address, when what serves now speaks gRPC.</summary>
    public string? GrpcEndpoint { get; init; }

    /// <summary>The last log lines of the candidate, for a failed or rolled-back deploy.</summary>
    public string? Logs { get; init; }

    /// <summary>What caused a failure, when it was an exception.</summary>
    public Exception? Cause { get; init; }

    public static DeploymentOutcome Promoted(string message) => new(DeploymentOutcomeKind.Promoted, message);

    public static DeploymentOutcome Unchanged(string message) => new(DeploymentOutcomeKind.Unchanged, message);

    public static DeploymentOutcome RolledBack(string message) => new(DeploymentOutcomeKind.RolledBack, message);

    public static DeploymentOutcome Failed(string message) => new(DeploymentOutcomeKind.Failed, message);
}
