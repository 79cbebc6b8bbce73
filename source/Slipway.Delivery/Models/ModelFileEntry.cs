using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>One file of a model version, relative to the version folder, with its lower-case hex SHA-256.</summary>
public sealed record ModelFileEntry(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256);
