namespace Slipway.Delivery.Smoke;

/// <summary>The parts of <c>GET /v2/models/{model}</c> the smoke test needs.</summary>
public sealed record ModelMetadata(string Name, IReadOnlyList<string> Versions, IReadOnlyList<TensorMetadata> Inputs, IReadOnlyList<TensorMetadata> Outputs);
