namespace Slipway.Delivery.Probes;

/// <summary>What the ledger keeps of a <see cref="ProbeResult"/>.</summary>
public sealed record ProbeSummary(ProbeVerdict Verdict, string Message, double? MinCosine, int ProbeCount);
