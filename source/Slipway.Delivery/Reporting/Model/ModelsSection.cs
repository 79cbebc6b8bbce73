namespace Slipway.Delivery.Reporting.Model;

/// <summary>The models the image serves, from their manifests.</summary>
public sealed record ModelsSection : ReportSection
{
    public IReadOnlyList<ModelReport> Items { get; init; } = [];
}
