using Slipway.Delivery.Probes;

namespace Slipway.Delivery.Tests.Probes;

public sealed class ProbeComparerTests
{
    private static readonly double[] Embedding = [0.6, -0.8, 0.0, 0.0];

    [Fact]
    public void IdenticalOutputsPassWithNoDifferenceAndCosineOne()
    {
        // Act
        var comparison = ProbeComparer.Compare(Reference(Embedding), [Output(Embedding)], ProbeTolerance.Default);

        // Assert
        comparison.Passed.ShouldBeTrue();
        comparison.MaxAbsDiff.ShouldBe(0);
        comparison.Cosine!.Value.ShouldBe(1, 1e-12);
        comparison.Problem.ShouldBeNull();
    }

    [Fact]
    public void ADifferenceWithinTheAbsoluteTolerancePasses()
    {
        // Act
        var comparison = ProbeComparer.Compare(Reference(Embedding), [Output([0.60009, -0.8, 0.0, 0.0])], ProbeTolerance.Default);

        // Assert
        comparison.Passed.ShouldBeTrue();
        comparison.MaxAbsDiff!.Value.ShouldBe(0.00009, 1e-12);
    }

    [Fact]
    public void OneElementOffByMoreThanTheToleranceFailsNamingItsIndexAndBothValues()
    {
        // Act
        var comparison = ProbeComparer.Compare(Reference(Embedding), [Output([0.6, -0.8, 0.001, 0.0])], ProbeTolerance.Default);

        // Assert
        comparison.Passed.ShouldBeFalse();
        comparison.Output.ShouldBe("embedding");
        comparison.WorstIndex.ShouldBe(2);
        comparison.Expected.ShouldBe(0.0);
        comparison.Actual.ShouldBe(0.001);
        comparison.MaxAbsDiff!.Value.ShouldBe(0.001, 1e-12);
        comparison.Problem.ShouldBe("output 'embedding' element 2 is 0.001, expected 0 (|difference| 0.001 > tolerance 0.0001)");
    }

    [Fact]
    public void AScaledVectorKeepsItsCosineButFailsTheAbsoluteTolerance()
    {
        // Act
        var comparison = ProbeComparer.Compare(Reference(Embedding), [Output([.. Embedding.Select(v => v * 1.01)])], ProbeTolerance.Default);

        // Assert
        comparison.Passed.ShouldBeFalse();
        comparison.Cosine!.Value.ShouldBe(1, 1e-12);
        comparison.WorstIndex.ShouldBe(1);
    }

    [Fact]
    public void ARotatedVectorWithSmallElementDifferencesFailsTheCosine()
    {
        // Arrange: every element within a loose absolute tolerance, but the direction changed
        var tolerance = new ProbeTolerance { Absolute = 0.1, MinCosine = 0.9999 };

        // Act
        var comparison = ProbeComparer.Compare(Reference([0.1, 0.0]), [Output([0.1, 0.01], [1, 2])], tolerance);

        // Assert
        comparison.Passed.ShouldBeFalse();
        comparison.Cosine!.Value.ShouldBe(0.1 / Math.Sqrt(0.0101), 1e-12);
        comparison.Problem!.ShouldContain("cosine similarity 0.9950372 is below the minimum 0.9999000");
    }

    [Fact]
    public void CosineIsTheLowestOverTheRows()
    {
        // Arrange: two embeddings of two elements, the second turned by 90 degrees
        var expected = new ProbeOutput("embedding", "FP32", [2, 2], [1, 0, 1, 0]);
        var actual = new ProbeOutput("embedding", "FP32", [2, 2], [1, 0, 0, 1]);

        // Act
        var cosine = ProbeComparer.MinRowCosine(expected, actual);

        // Assert
        cosine.ShouldBe(0);
    }

    [Fact]
    public void CosineOfTwoZeroVectorsIsOneAndOfOneZeroVectorIsZero()
    {
        // Act, Assert
        ProbeComparer.Cosine([0.0, 0.0], [0.0, 0.0]).ShouldBe(1);
        ProbeComparer.Cosine([0.0, 0.0], [1.0, 0.0]).ShouldBe(0);
        ProbeComparer.Cosine([1.0, 2.0], [-1.0, -2.0]).ShouldBe(-1, 1e-12);
    }

    [Fact]
    public void IntegerOutputsAreComparedByElementOnly()
    {
        // Act
        var comparison = ProbeComparer.Compare(
            new ProbeReference("p", [], [new ProbeOutput("label", "INT64", [1], [3])]), [new ProbeOutput("label", "INT64", [1], [3])], ProbeTolerance.Default);

        // Assert
        comparison.Passed.ShouldBeTrue();
        comparison.Cosine.ShouldBeNull();
    }

    [Fact]
    public void NaNMatchesOnlyNaN()
    {
        // Act
        var same = ProbeComparer.Compare(Reference([double.NaN, 1]), [Output([double.NaN, 1], [1, 2])], ProbeTolerance.Default);
        var different = ProbeComparer.Compare(Reference([0.5, 1]), [Output([double.NaN, 1], [1, 2])], ProbeTolerance.Default);

        // Assert
        same.Passed.ShouldBeTrue();
        different.Passed.ShouldBeFalse();
        different.MaxAbsDiff.ShouldBeNull();
        different.Actual.ShouldBeNull();
        different.Problem!.ShouldContain("element 0 is NaN, expected 0.5 (not a finite difference)");
    }

    [Fact]
    public void AMissingOutputOrAnotherShapeFailsWithoutAnElementDifference()
    {
        // Act
        var missing = ProbeComparer.Compare(Reference(Embedding), [Output(Embedding) with { Name = "other" }], ProbeTolerance.Default);
        var reshaped = ProbeComparer.Compare(Reference(Embedding), [Output(Embedding, [2, 2])], ProbeTolerance.Default);

        // Assert
        missing.Passed.ShouldBeFalse();
        missing.Problem.ShouldBe("output 'embedding' is missing (got: 'other')");
        missing.MaxAbsDiff.ShouldBeNull();
        reshaped.Passed.ShouldBeFalse();
        reshaped.Problem.ShouldBe("output 'embedding' is FP32 [2, 2], expected FP32 [1, 4]");
    }

    private static ProbeReference Reference(double[] data) =>
        new("p", [ProbeInput.Text("text", "x")], [Output(data, [1, data.Length])]);

    private static ProbeOutput Output(double[] data, long[]? shape = null) =>
        new("embedding", "FP32", shape ?? [1, data.Length], data);
}
