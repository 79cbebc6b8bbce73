namespace Slipway.Delivery.Deployment.Strategies;

/// <summary>A gated candidate beside the version that serves: what a strategy moves traffic between.</summary>
internal interface IRelease
{
    /// <summary>The candidate's colour.</summary>
    string Candidate { get; }

    /// <summary>The serving version's colour; null on a first deploy.</summary>
    string? Baseline { get; }

    /// <summary>Gives the candidate <paramref name="percent"/> of the traffic (0: all back on the baseline) and waits until the edge routes so.</summary>
    Task RouteAsync(int percent, CancellationToken cancellationToken);

    /// <summary>Sends the smoke inference through the edge; throws a gate failure ("verify") when it fails.</summary>
    Task VerifyAsync(CancellationToken cancellationToken);
}
