namespace Slipway.Delivery.Smoke;

/// <summary>An input or output of a model: name, Open Inference Protocol datatype and shape (-1 for a variable dimension).</summary>
public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);
