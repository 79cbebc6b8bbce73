namespace Slipway.Delivery.Reporting.Model;

/// <summary>The models trained here, from <c>models/registry.json</c> and their committed manifests: champion and challenger.</summary>
public sealed record TrainingSection : ReportSection
{
    public static readonly TrainingSection NotGiven = new() { Reason = "No model registry was given; the Report target reads models/registry.json." };

    public IReadOnlyList<TrainingReport> Items { get; init; } = [];
}
