using Slipway.Delivery.Models;

namespace Slipway.Delivery.Reporting.Model;

/// <summary>One trained model: its champion's training (data, times, test metrics) and, when there is one, the challenger's test metrics beside it.</summary>
public sealed record TrainingReport(
    string Model,
    string Champion,
    string Dataset,
    IReadOnlyDictionary<string, string> DataSha256,
    DateTimeOffset TrainedAt,
    double EmbeddingSeconds,
    double TrainingSeconds,
    string? Parent,
    string WeightsSha256,
    ClassificationMetrics Test,
    string? Challenger,
    ClassificationMetrics? ChallengerTest);
