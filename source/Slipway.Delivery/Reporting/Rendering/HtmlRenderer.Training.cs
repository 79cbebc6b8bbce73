using System.Globalization;
using System.Text;
using Slipway.Delivery.Models;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Rendering;

public static partial class HtmlRenderer
{
    private static void TrainingSection(StringBuilder html, TrainingSection training)
    {
        html.Append("<section id=\"training\"><h2>Training</h2>");
        if (!NotAvailable(html, training))
        {
            foreach (var item in training.Items)
            {
                html.Append("<h3>").Append(E(item.Model)).Append(" · champion ").Append(E(item.Champion)).Append("</h3>");
                html.Append("<dl class=\"facts\">")
                    .Append(Fact("Test accuracy", Format.Percent(item.Test.Accuracy)))
                    .Append(Fact("Test macro-F1", Format.Number(item.Test.MacroF1, "0.000")))
                    .Append(Fact("Test rows", item.Test.Rows.ToString(CultureInfo.InvariantCulture)))
                    .Append(Fact("Embedding", Format.Seconds(item.EmbeddingSeconds)))
                    .Append(Fact("Training", Format.Seconds(item.TrainingSeconds)))
                    .Append(Fact("Trained", Format.Date(item.TrainedAt)))
                    .Append(Fact("Parent", item.Parent ?? "none"))
                    .Append(Fact("Dataset", item.Dataset))
                    .Append("<div class=\"wide\"><dt>Weights sha256</dt><dd><code>").Append(E(item.WeightsSha256)).Append("</code></dd></div>");
                foreach (var (file, sha) in item.DataSha256)
                    html.Append("<div class=\"wide\"><dt>Data ").Append(E(file)).Append(" sha256</dt><dd><code>").Append(E(sha)).Append("</code></dd></div>");
                html.Append("</dl>");
                html.Append(ConfusionMatrix(item.Model, item.Champion, item.Test));
                var challenger = item.ChallengerTest;
                var headers = challenger is null
                    ? new[] { "Test split", $"champion {item.Champion}" }
                    : ["Test split", $"champion {item.Champion}", $"challenger {item.Challenger}"];
                var rows = new List<string[]>
                {
                    Metric("accuracy", item.Test.Accuracy, challenger?.Accuracy, challenger is not null),
                    Metric("macro-F1", item.Test.MacroF1, challenger?.MacroF1, challenger is not null),
                };
                foreach (var mine in item.Test.PerClass)
                {
                    var theirs = challenger?.PerClass.FirstOrDefault(p => p.Class == mine.Class);
                    rows.Add(Metric($"{mine.Class} precision", mine.Precision, theirs?.Precision, challenger is not null));
                    rows.Add(Metric($"{mine.Class} recall", mine.Recall, theirs?.Recall, challenger is not null));
                }

                Table(html, headers, rows, new HashSet<int> { 1, 2 });
            }
        }

        html.Append("</section>\n");
    }

    private static string Fact(string key, string value) => "<div><dt>" + E(key) + "</dt><dd>" + E(value) + "</dd></div>";

    private static string[] Metric(string name, double mine, double? theirs, bool withChallenger) =>
        withChallenger
            ? [E(name), Format.Number(mine, "0.0000"), theirs is { } t ? Format.Number(t, "0.0000") : Format.Missing]
            : [E(name), Format.Number(mine, "0.0000")];

    /// <summary>The test split's confusion matrix as an SVG grid: rows are the true classes, columns the predicted ones; darker is more.</summary>
    private static string ConfusionMatrix(string model, string version, ClassificationMetrics metrics)
    {
        const double cell = 44, left = 130, top = 110;
        var count = metrics.Classes.Count;
        var svg = new Svg(left + count * cell + 10, top + count * cell + 10, $"Confusion matrix of {model} version {version} on the test split (rows: true class, columns: predicted class)", "chart confusion");
        var max = Math.Max(1, metrics.Confusion.SelectMany(r => r).DefaultIfEmpty(0).Max());
        for (var c = 0; c < count; c++)
        {
            svg.Text(left - 6, top + c * cell + cell / 2 + 4, metrics.Classes[c], "axis", "end");
            svg.Text(left + c * cell + cell / 2, top - 8, metrics.Classes[c], "axis vertical", "start");
        }

        for (var actual = 0; actual < count; actual++)
        {
            for (var predicted = 0; predicted < count; predicted++)
            {
                var value = metrics.Confusion[actual][predicted];
                var level = value == 0 ? 0 : 1 + (int)Math.Round(3.0 * value / max);
                svg.Rect(left + predicted * cell, top + actual * cell, cell - 2, cell - 2, $"cm cm{level}{(actual == predicted ? " diagonal" : "")}",
                    $"{metrics.Classes[actual]} predicted as {metrics.Classes[predicted]}: {value}");
                svg.Text(left + predicted * cell + cell / 2 - 1, top + actual * cell + cell / 2 + 3, value.ToString(CultureInfo.InvariantCulture), "value cm-count", "middle");
            }
        }

        return svg.ToString();
    }
}
