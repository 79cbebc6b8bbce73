namespace Slipway.Delivery.Reporting.Model;

/// <summary>One move of the edge: when (also as seconds since the deploy started), the candidate's share, and every colour's.</summary>
public sealed record TrafficPoint(DateTimeOffset At, double OffsetSeconds, int? CandidatePercent, IReadOnlyDictionary<string, int> Weights);
