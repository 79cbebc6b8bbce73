namespace Slipway.Delivery.Reporting.Model;

/// <summary>The one-line verdict: the pipeline outcome (Succeeded, Failed, Aborted or Unknown) and a short summary.</summary>
public sealed record Headline(string Outcome, string Summary, string? Commit);
