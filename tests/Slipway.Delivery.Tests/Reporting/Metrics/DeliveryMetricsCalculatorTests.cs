using Slipway.Delivery.Deployment;
using Slipway.Delivery.Reporting;
using Slipway.Delivery.Reporting.Metrics;

namespace Slipway.Delivery.Tests.Reporting.Metrics;

public sealed class DeliveryMetricsCalculatorTests : IDisposable
{
    private static readonly DateTimeOffset End = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task ComputesTheFourDoraMetricsFromTheLedgerHistory()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("succeeded", _scratch.Path));
        var delivery = report.Delivery;

        // Assert: in the 30 days: d1 ok, d2 failed, d3 rolled back, d4 ok, d6 ok (d0 is older, d5 unchanged, r1 a rollback).
        delivery.Deployments.ShouldBe(5);
        delivery.SuccessfulDeployments.ShouldBe(3);
        delivery.FailedDeployments.ShouldBe(2);
        delivery.DeploymentFrequencyPerDay.ShouldBe(0.1);
        delivery.ChangeFailureRate.ShouldBe(0.4);
        // Lead times 7240 s (d1), 1845 s (d4), 1895.47 s (d6).
        delivery.LeadTimeMedianSeconds.ShouldBe(1895.47);
        delivery.LeadTimeSamples.ShouldBe(3);
        // d2 failed at 14:01:30, d4 succeeded at 16:00:45.
        delivery.TimeToRestoreMedianSeconds.ShouldBe(7155);
        delivery.RestoreSamples.ShouldBe(1);
        delivery.UnrestoredFailure.ShouldBeFalse();
    }

    [Fact]
    public async Task FlagsAFailureThatNoLaterDeploymentRestored()
    {
        // Act
        var report = await PipelineReport.BuildAsync(ReportFixtures.Inputs("failed", _scratch.Path));

        // Assert
        report.Delivery.UnrestoredFailure.ShouldBeTrue();
        report.Delivery.ChangeFailureRate.ShouldBe(0.6);
    }

    [Fact]
    public void MeasuresRestoreTimeFromTheFirstFailureOfARun()
    {
        // Arrange
        var entries = new[]
        {
            Entry("a", "failed", End.AddHours(-10)),
            Entry("b", "rolled-back", End.AddHours(-9)),
            Entry("c", "succeeded", End.AddHours(-7)),
            Entry("d", "failed", End.AddHours(-5)),
            Entry("e", "succeeded", End.AddHours(-4)),
        };

        // Act
        var metrics = DeliveryMetricsCalculator.Calculate(entries, End, TimeSpan.FromDays(1));

        // Assert: restores of 3 h and 1 h; the median of two values is their mean.
        metrics.RestoreSamples.ShouldBe(2);
        metrics.TimeToRestoreMedianSeconds.ShouldBe(2 * 3600);
        metrics.DeploymentFrequencyPerDay.ShouldBe(2);
    }

    [Fact]
    public void LeavesRatesEmptyWhenThereWereNoDeployments()
    {
        // Act
        var metrics = DeliveryMetricsCalculator.Calculate([Entry("s", "started", End.AddHours(-1))], End, TimeSpan.FromDays(7));

        // Assert
        metrics.Deployments.ShouldBe(0);
        metrics.DeploymentFrequencyPerDay.ShouldBe(0);
        metrics.ChangeFailureRate.ShouldBeNull();
        metrics.LeadTimeMedianSeconds.ShouldBeNull();
        metrics.TimeToRestoreMedianSeconds.ShouldBeNull();
    }

    [Fact]
    public void LeavesOutDeploymentsThatStartedBeforeTheWindow()
    {
        // Arrange
        var entries = new[] { Entry("old", "failed", End.AddDays(-8)), Entry("new", "succeeded", End.AddDays(-1)) };

        // Act
        var metrics = DeliveryMetricsCalculator.Calculate(entries, End, TimeSpan.FromDays(7));

        // Assert
        metrics.Deployments.ShouldBe(1);
        metrics.ChangeFailureRate.ShouldBe(0);
        metrics.RestoreSamples.ShouldBe(0);
    }

    private static LedgerEntry Entry(string id, string outcome, DateTimeOffset started) => new()
    {
        Id = id,
        Environment = "staging",
        Action = "deploy",
        Outcome = outcome,
        Who = "test",
        StartedAt = started,
        FinishedAt = started.AddMinutes(1),
        CommitTime = started.AddMinutes(-30),
    };

    public void Dispose() => _scratch.Dispose();
}
