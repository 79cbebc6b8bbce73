using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>The training of one model version: what it learnt from, how, from which parent, how well, and how long it took.</summary>
public sealed record TrainingRecord
{
    [JsonPropertyName("dataset")] public required string Dataset { get; init; }

    /// <summary>SHA-256 of each data file, by path relative to <c>data/</c>.</summary>
    [JsonPropertyName("dataSha256")] public required IReadOnlyDictionary<string, string> DataSha256 { get; init; }

    [JsonPropertyName("rows")] public required SplitCounts Rows { get; init; }
    [JsonPropertyName("parameters")] public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    [JsonPropertyName("parent")]
    public string? Parent { get; init; }

    [JsonPropertyName("trainedAt")] public required DateTimeOffset TrainedAt { get; init; }
    [JsonPropertyName("embeddingSeconds")] public required double EmbeddingSeconds { get; init; }
    [JsonPropertyName("trainingSeconds")] public required double TrainingSeconds { get; init; }

    /// <summary>SHA-256 of the trained head graph: the same data, code and parameters give the same digest on any machine.</summary>
    [JsonPropertyName("weightsSha256")] public required string WeightsSha256 { get; init; }

    [JsonPropertyName("test")] public required ClassificationMetrics Test { get; init; }
    [JsonPropertyName("validation")] public required ClassificationMetrics Validation { get; init; }
}

/// <summary>Rows per split.</summary>
public sealed record SplitCounts(
    [property: JsonPropertyName("train")] int Train,
    [property: JsonPropertyName("validation")] int Validation,
    [property: JsonPropertyName("test")] int Test);
