using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>
/// One file of a model version, relative to the version folder, with its lower-case hex SHA-256 and, when the manifest
/// records it, its size in bytes (part of the <see cref="ModelDigest"/>; the service ignores it).
/// </summary>
public sealed record ModelFileEntry(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Size = null);
