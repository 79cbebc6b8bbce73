using System.Text.Json.Serialization;

namespace Slipway.Delivery.Images;

/// <summary>One file-system layer of the image, base layers first.</summary>
public sealed record ImageLayer(
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("createdBy")] string CreatedBy);
