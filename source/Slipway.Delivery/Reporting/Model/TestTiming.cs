namespace Slipway.Delivery.Reporting.Model;

public sealed record TestTiming(string Project, string Name, double DurationMs);
