using Slipway.Delivery.Models;
using Slipway.Training.Evaluation;

namespace Slipway.Training.Tests.Evaluation;

public sealed class QualityGateTests
{
    private static ClassificationMetrics Metrics(int correctA, int correctB) =>
        ClassificationMetrics.FromConfusion(["a", "b"], new[,] { { correctA, 10 - correctA }, { 10 - correctB, correctB } });

    [Fact]
    public void MetricsComeFromTheConfusionMatrix()
    {
        var metrics = Metrics(8, 10);

        metrics.Accuracy.ShouldBe(0.9);
        metrics.PerClass[0].ShouldBe(new ClassMetrics("a", 1.0, 0.8, 0.888889, 10));
        metrics.PerClass[1].Precision.ShouldBe(0.833333);
        metrics.MacroF1.ShouldBe(Math.Round((0.888889 + 0.909091) / 2, 6), 1e-6);
        metrics.Confusion.ShouldBe([[8, 2], [0, 10]]);
    }

    [Fact]
    public void PassesAboveTheMinimumWithoutAChampion() =>
        new QualityGate(0.8, 0.02).Judge(Metrics(8, 9), "1", null, null).Passed.ShouldBeTrue();

    [Fact]
    public void RefusesBelowTheMinimumAccuracy()
    {
        var verdict = new QualityGate(0.9, 0.02).Judge(Metrics(8, 9), "1", null, null);

        verdict.Passed.ShouldBeFalse();
        verdict.Failures.ShouldBe(["accuracy 0.8500 is below --min-accuracy 0.9000"]);
    }

    [Fact]
    public void RefusesAVersionWorseThanTheChampionByMoreThanTheRegressionAndShowsBothSideBySide()
    {
        var verdict = new QualityGate(0.5, 0.02).Judge(Metrics(7, 9), "3", Metrics(10, 9), "2");

        verdict.Passed.ShouldBeFalse();
        verdict.Failures[0].ShouldBe("accuracy 0.8000 is worse than champion 2's 0.9500 by more than --max-regression 0.0200");
        verdict.Failures[1].ShouldStartWith("macro-F1 0.7");
        verdict.Table.ShouldContain("candidate 3");
        verdict.Table.ShouldContain("champion 2");
        verdict.Table.Split('\n').Single(l => l.StartsWith("accuracy", StringComparison.Ordinal)).ShouldContain("0.8000");
        verdict.Table.Split('\n').Single(l => l.StartsWith("accuracy", StringComparison.Ordinal)).ShouldContain("0.9500");
        verdict.Table.ShouldContain("a recall");
    }

    [Fact]
    public void AcceptsASmallRegressionWithinTheBound() =>
        new QualityGate(0.5, 0.06).Judge(Metrics(9, 9), "3", Metrics(10, 9), "2").Passed.ShouldBeTrue();
}
