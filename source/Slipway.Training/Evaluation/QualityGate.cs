using System.Globalization;
using System.Text;
using Slipway.Delivery.Models;

namespace Slipway.Training.Evaluation;

/// <summary>
/// Whether a new version may be registered: its test accuracy is at least <see cref="MinAccuracy"/>, and neither its
/// accuracy nor its macro-F1 is below the champion's (evaluated again on the same, current test split) by more than
/// <see cref="MaxRegression"/>.
/// </summary>
public sealed record QualityGate(double MinAccuracy, double MaxRegression)
{
    public GateVerdict Judge(ClassificationMetrics candidate, string candidateVersion, ClassificationMetrics? champion, string? championVersion)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var failures = new List<string>();
        if (candidate.Accuracy < MinAccuracy)
        {
            failures.Add($"accuracy {F(candidate.Accuracy)} is below --min-accuracy {F(MinAccuracy)}");
        }

        if (champion is not null)
        {
            if (candidate.Accuracy < champion.Accuracy - MaxRegression)
            {
                failures.Add($"accuracy {F(candidate.Accuracy)} is worse than champion {championVersion}'s {F(champion.Accuracy)} by more than --max-regression {F(MaxRegression)}");
            }

            if (candidate.MacroF1 < champion.MacroF1 - MaxRegression)
            {
                failures.Add($"macro-F1 {F(candidate.MacroF1)} is worse than champion {championVersion}'s {F(champion.MacroF1)} by more than --max-regression {F(MaxRegression)}");
            }
        }

        return new GateVerdict(failures.Count == 0, failures, Table(candidate, candidateVersion, champion, championVersion));
    }

    /// <summary>The side-by-side table: overall metrics, then precision and recall per class.</summary>
    public static string Table(ClassificationMetrics candidate, string candidateVersion, ClassificationMetrics? champion, string? championVersion)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var text = new StringBuilder();
        var left = $"candidate {candidateVersion}";
        var right = champion is null ? "champion (none)" : $"champion {championVersion}";
        text.AppendLine(CultureInfo.InvariantCulture, $"{"test split",-34} {left,16} {right,16}");
        Row(text, "accuracy", candidate.Accuracy, champion?.Accuracy);
        Row(text, "macro-F1", candidate.MacroF1, champion?.MacroF1);
        foreach (var mine in candidate.PerClass)
        {
            var theirs = champion?.PerClass.FirstOrDefault(p => p.Class == mine.Class);
            Row(text, $"{mine.Class} precision", mine.Precision, theirs?.Precision);
            Row(text, $"{mine.Class} recall", mine.Recall, theirs?.Recall);
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, double mine, double? theirs) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"{name,-34} {F(mine),16} {(theirs is { } t ? F(t) : "-"),16}");

    private static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}

/// <summary>The gate's decision, every reason it failed, and the comparison table.</summary>
public sealed record GateVerdict(bool Passed, IReadOnlyList<string> Failures, string Table);
