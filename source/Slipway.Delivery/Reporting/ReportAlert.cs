namespace Slipway.Delivery.Reporting;

/// <summary>
/// One alert that was firing when the report was built, as read from the environment's Alertmanager.
/// The report's own type, so that Reporting does not depend on the client that reads Alertmanager.
/// </summary>
/// <param name="Name">The alert's name (its <c>alertname</c> label).</param>
/// <param name="Labels">Every label of the alert, <c>alertname</c> included or not.</param>
/// <param name="Summary">The <c>summary</c> annotation, when the rule has one.</param>
/// <param name="StartsAt">When the alert started firing.</param>
public sealed record ReportAlert(string Name, IReadOnlyDictionary<string, string> Labels, string? Summary, DateTimeOffset StartsAt);
