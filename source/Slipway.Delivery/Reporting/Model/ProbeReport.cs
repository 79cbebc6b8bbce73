namespace Slipway.Delivery.Reporting.Model;

/// <summary>The golden-output probe gate of a deploy as the report shows it: verdict ("passed", "rejected", "new-model"), message, probes compared, lowest cosine similarity.</summary>
public sealed record ProbeReport(string Verdict, string Message, int Probes, double? MinCosine);
