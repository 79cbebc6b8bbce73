namespace Slipway.Delivery.Probes;

/// <summary>
/// How one probe's outputs compare with its references (or, for a new model, with the baseline): the largest element
/// difference and where it is, the lowest row cosine similarity, and whether that is within the tolerance.
/// </summary>
public sealed record ProbeComparison
{
    public required string Id { get; init; }

    public required bool Passed { get; init; }

    /// <summary>The largest |expected − actual| over every element; null when the outputs could not be compared element by element.</summary>
    public double? MaxAbsDiff { get; init; }

    /// <summary>The lowest cosine similarity of any row (last dimension) of a floating-point output; null when there is none.</summary>
    public double? Cosine { get; init; }

    /// <summary>The output holding the worst element.</summary>
    public string? Output { get; init; }

    /// <summary>The flat (row-major) index of the worst element in <see cref="Output"/>.</summary>
    public long? WorstIndex { get; init; }

    public double? Expected { get; init; }

    public double? Actual { get; init; }

    /// <summary>Why the probe did not pass, in words; null when it passed.</summary>
    public string? Problem { get; init; }
}
