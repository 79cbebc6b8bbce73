namespace Slipway.Delivery.Probes;

/// <summary>The outputs of one probe request, or why there are none.</summary>
internal sealed record ProbeAnswer(IReadOnlyList<ProbeOutput>? Outputs, string? Failure);
