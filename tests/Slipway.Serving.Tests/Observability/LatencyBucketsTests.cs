using Slipway.Serving.Observability;

namespace Slipway.Serving.Tests.Observability;

public sealed class LatencyBucketsTests
{
    [Fact]
    public void AdjacentBoundsAreAtMostOnePointThreeApartFromOneMillisecondToThirtySeconds()
    {
        // Arrange
        var bounds = ServingMetrics.LatencyBuckets;

        // Act
        var ratios = bounds.Zip(bounds.Skip(1), (lower, upper) => upper / lower).ToList();

        // Assert
        bounds[0].ShouldBeLessThanOrEqualTo(0.001);
        bounds[^1].ShouldBeGreaterThanOrEqualTo(30 / 1.3, "the last bound is within one step of 30 s");
        ratios.ShouldAllBe(ratio => ratio > 1 && ratio <= 1.3);
    }

    [Fact]
    public void BoundsHaveThreeSignificantDigits() =>
        ServingMetrics.LatencyBuckets.ShouldAllBe(bound => double.Parse(bound.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) == bound);
}
