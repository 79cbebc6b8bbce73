namespace Slipway.Delivery.Reporting.Model;

/// <summary>
/// The totals of one trx file (one test project run by one test target, its <paramref name="Suite"/>).
/// <paramref name="Reused"/>: the target was up to date in this run, so these are its latest results, from <paramref name="RecordedAt"/>.
/// </summary>
public sealed record TestProjectResult(string Name, int Total, int Passed, int Failed, int Skipped, double DurationMs, string? Suite = null, bool Reused = false, DateTimeOffset? RecordedAt = null);
