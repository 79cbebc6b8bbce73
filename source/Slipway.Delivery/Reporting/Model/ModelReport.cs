namespace Slipway.Delivery.Reporting.Model;

public sealed record ModelReport(string Name, string Version, string? Kind, IReadOnlyList<ModelFile> Files);
