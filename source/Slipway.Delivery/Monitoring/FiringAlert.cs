namespace Slipway.Delivery.Monitoring;

/// <summary>An alert Alertmanager holds as active (not silenced, not inhibited).</summary>
public sealed record FiringAlert(string Name, IReadOnlyDictionary<string, string> Labels, string? Summary, DateTimeOffset StartsAt);
