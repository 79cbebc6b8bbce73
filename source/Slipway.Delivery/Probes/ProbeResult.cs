namespace Slipway.Delivery.Probes;

/// <summary>
/// The outcome of <see cref="GoldenProbes.CheckAsync(Uri, Deployment.ModelVersion, ProbeReferences?, Uri?, CancellationToken)"/>;
/// a value that serialises with System.Text.Json (camelCase with the web defaults).
/// </summary>
public sealed record ProbeResult
{
    public required ProbeVerdict Verdict { get; init; }

    public required string Model { get; init; }

    public required string Version { get; init; }

    /// <summary>The candidate's model digest.</summary>
    public required string ModelDigest { get; init; }

    /// <summary>The digest the references were recorded from; null when there were none.</summary>
    public string? ReferenceDigest { get; init; }

    public required string Message { get; init; }

    public required int ProbeCount { get; init; }

    /// <summary>Each probe against its reference (same digest only).</summary>
    public IReadOnlyList<ProbeComparison> Comparisons { get; init; } = [];

    /// <summary>For <see cref="ProbeVerdict.NewModel"/>: the candidate's outputs, to keep as the references of its digest.</summary>
    public ProbeReferences? NewReferences { get; init; }

    /// <summary>For <see cref="ProbeVerdict.NewModel"/> with a baseline: how far the outputs moved.</summary>
    public BaselineSimilarity? Baseline { get; init; }

    /// <summary>The lowest cosine similarity: to the references, or for a new model to the baseline; null when there is none.</summary>
    public double? MinCosine => Verdict == ProbeVerdict.NewModel
        ? Baseline?.MinCosine
        : Comparisons.Min(c => c.Cosine);

    public ProbeSummary ToSummary() => new(Verdict, Message, MinCosine, ProbeCount);
}
