using Slipway.Delivery.Smoke;

namespace Slipway.Delivery.Tests.Smoke;

public sealed class LatencyStatisticsTests
{
    [Fact]
    public void TakesNearestRankPercentiles()
    {
        // Arrange
        var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        // Act
        var statistics = LatencyStatistics.From(values);

        // Assert
        statistics.ShouldBe(new LatencyStatistics(1, 50.5, 50, 95, 99, 100));
    }

    [Fact]
    public void GivesTheOnlyValueForEveryPercentileOfOneValue()
    {
        // Act
        var statistics = LatencyStatistics.From([7.25]);

        // Assert
        statistics.ShouldBe(new LatencyStatistics(7.25, 7.25, 7.25, 7.25, 7.25, 7.25));
    }

    [Fact]
    public void IsAllZeroWhenNoRequestSucceeded() =>
        LatencyStatistics.From([]).ShouldBe(LatencyStatistics.Empty);

    [Fact]
    public void BucketsValuesIntoNiceEqualWidthsThatCoverThemAll()
    {
        // Arrange
        double[] values = [3.2, 3.9, 4.1, 4.4, 4.9, 7.95, 9.6];

        // Act
        var buckets = HistogramBucket.Build(values);

        // Assert
        buckets.Sum(b => b.Count).ShouldBe(values.Length);
        buckets[0].FromMs.ShouldBeLessThanOrEqualTo(3.2);
        buckets[^1].ToMs.ShouldBeGreaterThanOrEqualTo(9.6);
        // (9.6 - 3.2) / 12 buckets = 0.53 ms, rounded up to the nice width 1 ms: buckets 3–4 … 9–10.
        buckets.Select(b => Math.Round(b.ToMs - b.FromMs, 6)).Distinct().ShouldHaveSingleItem().ShouldBe(1);
        buckets.Select(b => b.Count).ShouldBe([2, 3, 0, 0, 1, 0, 1]);
    }

    [Fact]
    public void PutsEqualValuesIntoOneBucket()
    {
        // Act
        var buckets = HistogramBucket.Build([5.0, 5.0, 5.0]);

        // Assert
        buckets.ShouldHaveSingleItem().Count.ShouldBe(3);
    }
}
