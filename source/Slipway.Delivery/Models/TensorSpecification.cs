using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>A model input or output as the Open Inference Protocol describes it; -1 marks a variable dimension.</summary>
public sealed record TensorSpecification(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape);
