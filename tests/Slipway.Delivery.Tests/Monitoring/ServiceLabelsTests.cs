using System.Text.RegularExpressions;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>
/// What Prometheus adds to the service's series must not clash with the service's own labels (Prometheus would keep its
/// own and rename the service's to <c>exported_…</c>). Read from Slipway.Serving's source, which this project does not reference.
/// </summary>
public sealed partial class ServiceLabelsTests
{
    private static readonly string ServingMetrics = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "source", "Slipway.Serving", "Observability", "ServingMetrics.cs"));

    [Fact]
    public void TheTargetLabelsAreNoneOfTheServicesMetricLabels()
    {
        // Arrange
        var serviceLabels = LabelArray().Matches(ServingMetrics).SelectMany(array => Quoted().Matches(array.Groups[1].Value).Select(q => q.Groups[1].Value)).ToHashSet();
        new[] { "model", "version", "status", "reason" }.ShouldBeSubsetOf(serviceLabels, "the service's label declarations were read");

        // Act
        var clashes = ScrapeTarget.LabelNames.Intersect(serviceLabels).ToList();

        // Assert
        clashes.ShouldBeEmpty();
    }

    [Fact]
    public void TheTargetLabelsAreNoneOfPrometheusOwn() =>
        ScrapeTarget.LabelNames.Intersect(["job", "instance", "le", "quantile"]).ShouldBeEmpty();

    [Fact]
    public void TheModelNotReadyAlertWatchesTheServicesReadinessGauge() =>
        ServingMetrics.ShouldContain($"\"{AlertRules.ModelReadyMetric}\"");

    [GeneratedRegex(@"(?:LabelNames|ModelLabels)\s*=\s*\[([^\]]*)\]")]
    private static partial Regex LabelArray();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();
}
