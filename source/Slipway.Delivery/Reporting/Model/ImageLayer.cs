namespace Slipway.Delivery.Reporting.Model;

public sealed record ImageLayer(string? Id, long? SizeBytes, string? CreatedBy);
