using System.Globalization;

namespace Slipway.Delivery.Probes;

/// <summary>The comparison math of the golden-output probes: element differences and row cosine similarity.</summary>
public static class ProbeComparer
{
    private static readonly HashSet<string> FloatTypes = new(["FP16", "FP32", "FP64"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Compares the outputs a probe gave now with its references. It passes when every referenced output is there with the
    /// same datatype and shape, every element is within <see cref="ProbeTolerance.Absolute"/> (NaN matches only NaN) and
    /// every row of a floating-point output has a cosine similarity of at least <see cref="ProbeTolerance.MinCosine"/>.
    /// Outputs that the references do not hold are not compared.
    /// </summary>
    public static ProbeComparison Compare(ProbeReference expected, IReadOnlyList<ProbeOutput> actual, ProbeTolerance tolerance)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(tolerance);
        var problems = new List<string>();
        var maxDiff = 0.0;
        (string Output, long Index, double Expected, double Actual)? worst = null;
        double? minCosine = null;
        var comparable = true;
        foreach (var reference in expected.Outputs)
        {
            var output = actual.FirstOrDefault(o => o.Name == reference.Name);
            if (output is null)
            {
                problems.Add($"output '{reference.Name}' is missing (got: {string.Join(", ", actual.Select(o => $"'{o.Name}'"))})");
                comparable = false;
                continue;
            }

            if (!string.Equals(output.Datatype, reference.Datatype, StringComparison.OrdinalIgnoreCase) || !output.Shape.SequenceEqual(reference.Shape))
            {
                problems.Add($"output '{reference.Name}' is {output.Datatype} {Shape(output.Shape)}, expected {reference.Datatype} {Shape(reference.Shape)}");
                comparable = false;
                continue;
            }

            for (var i = 0; i < reference.Data.Count; i++)
            {
                var diff = Difference(reference.Data[i], output.Data[i]);
                if (worst is null || diff > maxDiff)
                {
                    maxDiff = diff;
                    worst = (reference.Name, i, reference.Data[i], output.Data[i]);
                }
            }

            if (MinRowCosine(reference, output) is { } cosine)
            {
                minCosine = minCosine is null ? cosine : Math.Min(minCosine.Value, cosine);
            }
        }

        if (comparable && worst is { } w && !(maxDiff <= tolerance.Absolute))
        {
            problems.Add($"output '{w.Output}' element {w.Index} is {Number(w.Actual)}, expected {Number(w.Expected)} " +
                (double.IsFinite(maxDiff) ? $"(|difference| {maxDiff.ToString("G3", CultureInfo.InvariantCulture)} > tolerance {Number(tolerance.Absolute)})" : "(not a finite difference)"));
        }

        if (minCosine is { } lowest && !(lowest >= tolerance.MinCosine))
        {
            problems.Add($"cosine similarity {Cosine(lowest)} is below the minimum {Cosine(tolerance.MinCosine)}");
        }

        return new ProbeComparison
        {
            Id = expected.Id,
            Passed = problems.Count == 0,
            MaxAbsDiff = comparable && double.IsFinite(maxDiff) ? maxDiff : null,
            Cosine = minCosine,
            Output = worst?.Output,
            WorstIndex = worst?.Index,
            Expected = worst is { Expected: var e } && double.IsFinite(e) ? e : null,
            Actual = worst is { Actual: var a } && double.IsFinite(a) ? a : null,
            Problem = problems.Count == 0 ? null : string.Join("; ", problems),
        };
    }

    /// <summary>
    /// The lowest cosine similarity over the rows (the last dimension) of two floating-point outputs of the same datatype and
    /// shape; null when they are not floating point, differ in shape, or hold a non-finite value.
    /// </summary>
    public static double? MinRowCosine(ProbeOutput a, ProbeOutput b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!FloatTypes.Contains(a.Datatype) || !string.Equals(a.Datatype, b.Datatype, StringComparison.OrdinalIgnoreCase)
            || !a.Shape.SequenceEqual(b.Shape) || a.Data.Count != b.Data.Count || a.Data.Count == 0)
        {
            return null;
        }

        var width = a.Shape.Count == 0 ? 1 : (int)Math.Max(1, a.Shape[^1]);
        double? lowest = null;
        for (var start = 0; start < a.Data.Count; start += width)
        {
            var cosine = Cosine(a.Data, b.Data, start, Math.Min(width, a.Data.Count - start));
            if (!double.IsFinite(cosine))
            {
                return null;
            }

            lowest = lowest is null ? cosine : Math.Min(lowest.Value, cosine);
        }

        return lowest;
    }

    /// <summary>The cosine similarity of two vectors of the same length: 1 for two zero vectors, 0 when only one is zero.</summary>
    public static double Cosine(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"The vectors have {a.Count} and {b.Count} elements; a cosine similarity needs two of the same length.", nameof(b));
        }

        return Cosine(a, b, 0, a.Count);
    }

    private static double Cosine(IReadOnlyList<double> a, IReadOnlyList<double> b, int start, int count)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = start; i < start + count; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        if (normA == 0 || normB == 0)
        {
            return normA == normB ? 1 : 0;
        }

        return Math.Clamp(dot / Math.Sqrt(normA * normB), -1, 1);
    }

    /// <summary>|expected − actual|; 0 when both are NaN or the same infinity, +∞ when only one is not finite.</summary>
    private static double Difference(double expected, double actual)
    {
        // double.Equals, unlike ==, holds for NaN and NaN
        if (expected.Equals(actual))
        {
            return 0;
        }

        return double.IsFinite(expected) && double.IsFinite(actual) ? Math.Abs(expected - actual) : double.PositiveInfinity;
    }

    internal static string Number(double value) => value.ToString("G9", CultureInfo.InvariantCulture);

    internal static string Cosine(double value) => value.ToString("0.0000000", CultureInfo.InvariantCulture);

    private static string Shape(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape) + "]";
}
