namespace Slipway.Delivery.Probes;

/// <summary>
/// For a new model, how far its outputs moved from the version serving now: the cosine similarity of each probe's output
/// to the baseline's, with the lowest and the mean. <see cref="Problem"/> says why there is none (the baseline did not
/// answer, or its outputs have another shape).
/// </summary>
public sealed record BaselineSimilarity
{
    public required Uri Baseline { get; init; }

    public double? MinCosine { get; init; }

    public double? MeanCosine { get; init; }

    public IReadOnlyList<ProbeSimilarity> Probes { get; init; } = [];

    public string? Problem { get; init; }
}
