namespace Slipway.Delivery.Deployment.Backends;

/// <summary>
/// A gate asked of a ready candidate before it takes traffic, with the serving version's address for comparison (null on
/// a first deploy). Throws a gate failure to reject the candidate.
/// </summary>
internal delegate Task CandidateProbe(DeploymentAttempt attempt, Uri candidate, Uri? baseline, CancellationToken cancellationToken);
