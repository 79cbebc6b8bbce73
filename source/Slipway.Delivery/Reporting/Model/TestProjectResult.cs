namespace Slipway.Delivery.Reporting.Model;

/// <summary>The totals of one trx file (one test project).</summary>
public sealed record TestProjectResult(string Name, int Total, int Passed, int Failed, int Skipped, double DurationMs);
