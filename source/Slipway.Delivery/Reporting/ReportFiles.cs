namespace Slipway.Delivery.Reporting;

/// <summary>The paths of the written report.</summary>
public sealed record ReportFiles(string Html, string Markdown, string Json);
