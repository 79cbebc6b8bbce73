namespace Slipway.Delivery.Reporting.Model;

public sealed record ModelFile(string Path, string? Sha256);
