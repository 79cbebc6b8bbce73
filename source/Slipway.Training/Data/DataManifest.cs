using System.Text.Json.Serialization;

namespace Slipway.Training.Data;

/// <summary>
/// <c>data/manifest.json</c>: the labelled datasets under <c>data/</c>, their licence, classes and files, each file
/// with its SHA-256 and row count (rewritten by training when a file changed, so the manifest always names the data a
/// version learnt from).
/// </summary>
public sealed record DataManifest
{
    [JsonPropertyName("datasets")] public required IReadOnlyList<DatasetEntry> Datasets { get; init; }
}

/// <summary>One dataset: a tab-separated file with the columns <c>id</c>, <c>text</c> and <c>label</c>.</summary>
public sealed record DatasetEntry
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }

    /// <summary>SPDX identifier of the data's licence.</summary>
    [JsonPropertyName("licence")] public required string Licence { get; init; }

    [JsonPropertyName("classes")] public required IReadOnlyList<string> Classes { get; init; }
    [JsonPropertyName("files")] public required IReadOnlyList<DataFileEntry> Files { get; init; }
}

/// <summary>One data file, relative to <c>data/</c>, with its lower-case hex SHA-256 and its number of rows (header excluded).</summary>
public sealed record DataFileEntry(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("rows")] int Rows);
