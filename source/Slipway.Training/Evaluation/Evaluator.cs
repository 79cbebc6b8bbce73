using Slipway.Delivery.Models;

namespace Slipway.Training.Evaluation;

/// <summary>Scores predicted probabilities against the true labels of a split.</summary>
public static class Evaluator
{
    /// <summary>
    /// Metrics over <paramref name="classes"/> (the current dataset's); <paramref name="headClasses"/> names the columns of
    /// the probabilities, which may be an older model's classes: a label it cannot predict counts as wrong.
    /// </summary>
    public static ClassificationMetrics Evaluate(IReadOnlyList<string> classes, IReadOnlyList<string> headClasses, IReadOnlyList<string> labels, IReadOnlyList<float[]> probabilities)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(headClasses);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        var confusion = new int[classes.Count, classes.Count];
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        for (var row = 0; row < labels.Count; row++)
        {
            var predicted = headClasses[ArgMax(probabilities[row])];
            var actual = index[labels[row]];
            if (index.TryGetValue(predicted, out var column))
            {
                confusion[actual, column]++;
            }
        }

        return ClassificationMetrics.FromConfusion(classes, confusion);
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
