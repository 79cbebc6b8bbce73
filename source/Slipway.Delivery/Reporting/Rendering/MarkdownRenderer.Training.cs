using System.Text;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Rendering;

public static partial class MarkdownRenderer
{
    private static void TrainingPart(StringBuilder md, TrainingSection training)
    {
        md.AppendLine("### Training").AppendLine();
        if (NotAvailable(md, training))
            return;
        foreach (var item in training.Items)
        {
            md.Append("Model `").Append(Text(item.Model)).Append("` champion `").Append(Text(item.Champion)).Append("` · test accuracy ")
              .Append(Format.Percent(item.Test.Accuracy)).Append(" · macro-F1 ").Append(Format.Number(item.Test.MacroF1, "0.000"))
              .Append(" · embedding ").Append(Format.Seconds(item.EmbeddingSeconds)).Append(", training ").Append(Format.Seconds(item.TrainingSeconds))
              .Append(" · parent ").AppendLine(Text(item.Parent ?? "none")).AppendLine();
            foreach (var (file, sha) in item.DataSha256)
                md.Append("Data `").Append(Text(file)).Append("` sha256 `").Append(Text(sha)).AppendLine("`").AppendLine();
            var challenger = item.ChallengerTest;
            md.Append("| Test split | champion ").Append(Text(item.Champion)).Append(challenger is null ? " |" : $" | challenger {Text(item.Challenger!)} |").AppendLine();
            md.AppendLine(challenger is null ? "|---|---:|" : "|---|---:|---:|");
            void Row(string name, double mine, double? theirs) =>
                md.Append("| ").Append(Text(name)).Append(" | ").Append(Format.Number(mine, "0.0000"))
                  .Append(challenger is null ? " |" : $" | {(theirs is { } t ? Format.Number(t, "0.0000") : Format.Missing)} |").AppendLine();
            Row("accuracy", item.Test.Accuracy, challenger?.Accuracy);
            Row("macro-F1", item.Test.MacroF1, challenger?.MacroF1);
            foreach (var mine in item.Test.PerClass)
            {
                var theirs = challenger?.PerClass.FirstOrDefault(p => p.Class == mine.Class);
                Row($"{mine.Class} precision", mine.Precision, theirs?.Precision);
                Row($"{mine.Class} recall", mine.Recall, theirs?.Recall);
            }

            md.AppendLine();
        }
    }
}
