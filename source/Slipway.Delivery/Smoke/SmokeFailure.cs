namespace Slipway.Delivery.Smoke;

/// <summary>One failed request: its index among the measured requests, the HTTP status (null when no response came) and why.</summary>
public sealed record SmokeFailure(int Index, int? Status, string Message);
