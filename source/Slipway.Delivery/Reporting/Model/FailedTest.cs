namespace Slipway.Delivery.Reporting.Model;

/// <summary>A failed test with the first lines of its message and stack trace.</summary>
public sealed record FailedTest(string Project, string Name, string Message, string? StackTrace);
