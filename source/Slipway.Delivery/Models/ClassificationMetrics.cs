using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>
/// How a classifier did on one split: accuracy, macro-F1, precision and recall per class, and the confusion matrix
/// (<see cref="Confusion"/>[actual][predicted], in the order of <see cref="Classes"/>).
/// </summary>
public sealed record ClassificationMetrics
{
    [JsonPropertyName("rows")] public required int Rows { get; init; }
    [JsonPropertyName("accuracy")] public required double Accuracy { get; init; }
    [JsonPropertyName("macroF1")] public required double MacroF1 { get; init; }
    [JsonPropertyName("classes")] public required IReadOnlyList<string> Classes { get; init; }
    [JsonPropertyName("perClass")] public required IReadOnlyList<ClassMetrics> PerClass { get; init; }
    [JsonPropertyName("confusion")] public required IReadOnlyList<IReadOnlyList<int>> Confusion { get; init; }

    /// <summary>Metrics from a confusion matrix ([actual][predicted]); a class never predicted has precision 0.</summary>
    public static ClassificationMetrics FromConfusion(IReadOnlyList<string> classes, int[,] confusion)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(confusion);
        var count = classes.Count;
        var total = 0;
        var correct = 0;
        var perClass = new List<ClassMetrics>();
        for (var c = 0; c < count; c++)
        {
            var truePositives = confusion[c, c];
            var actual = 0;
            var predicted = 0;
            for (var o = 0; o < count; o++)
            {
                actual += confusion[c, o];
                predicted += confusion[o, c];
                total += confusion[c, o];
            }

            correct += truePositives;
            var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            var recall = actual == 0 ? 0 : (double)truePositives / actual;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new ClassMetrics(classes[c], Round(precision), Round(recall), Round(f1), actual));
        }

        return new ClassificationMetrics
        {
            Rows = total,
            Accuracy = Round(total == 0 ? 0 : (double)correct / total),
            MacroF1 = Round(perClass.Count == 0 ? 0 : perClass.Average(p => p.F1)),
            Classes = [.. classes],
            PerClass = perClass,
            Confusion = [.. Enumerable.Range(0, count).Select(a => (IReadOnlyList<int>)[.. Enumerable.Range(0, count).Select(p => confusion[a, p])])],
        };
    }

    private static double Round(double value) => Math.Round(value, 6, MidpointRounding.ToEven);
}

/// <summary>Precision, recall and F1 of one class, and how many rows of it the split holds (its support).</summary>
public sealed record ClassMetrics(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("f1")] double F1,
    [property: JsonPropertyName("support")] int Support);
