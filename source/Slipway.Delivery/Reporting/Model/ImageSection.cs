namespace Slipway.Delivery.Reporting.Model;

/// <summary>The container image: size, layers, labels and which way the base image was obtained (pulled, reused, bootstrapped).</summary>
public sealed record ImageSection : ReportSection
{
    public string? Id { get; init; }
    public string? Repository { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public long? SizeBytes { get; init; }
    public IReadOnlyList<ImageLayer> Layers { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? BasePath { get; init; }
    /// <summary>The base image reference the image was built on.</summary>
    public string? BaseImage { get; init; }
    /// <summary>Layers the engine already held (not loaded again), of the <see cref="TotalSteps"/> layers the build wrote.</summary>
    public int? CachedSteps { get; init; }
    public int? TotalSteps { get; init; }
    public double? BuildSeconds { get; init; }
}
