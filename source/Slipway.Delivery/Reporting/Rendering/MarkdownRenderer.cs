using System.Globalization;
using System.Text;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>
/// The essentials as GitHub-flavoured Markdown (for <c>report.md</c> and the GitHub step summary).
/// Text from the inputs is HTML-encoded and table pipes escaped, because GitHub renders HTML inside Markdown.
/// </summary>
public static partial class MarkdownRenderer
{
    public static string Render(ReportModel model)
    {
        var md = new StringBuilder();
        md.Append("## ").Append(Icon(model.Headline.Outcome)).Append(" Slipway pipeline: ").AppendLine(Text(model.Headline.Outcome));
        md.AppendLine();
        md.AppendLine(Text(model.Headline.Summary));
        md.AppendLine();
        RunPart(md, model.Run);
        TestsPart(md, model.Tests);
        CoveragePart(md, model.Coverage);
        ImagePart(md, model.Image, model.Models);
        TrainingPart(md, model.Training);
        DeploymentPart(md, model.Deployment);
        RolloutPart(md, model.Deployment.Rollout);
        AlertsPart(md, model.Alerts);
        LatencyPart(md, model.Latency);
        DeliveryPart(md, model.Delivery);
        if (model.Warnings.Count > 0)
        {
            md.AppendLine("### Warnings").AppendLine();
            foreach (var warning in model.Warnings)
                md.Append("- ").AppendLine(Text(warning));
            md.AppendLine();
        }
        md.Append("<sub>Generated ").Append(Format.Date(model.GeneratedAt)).AppendLine(". Full report: artifacts/report/index.html</sub>");
        return md.ToString();
    }

    private static void RunPart(StringBuilder md, RunSection run)
    {
        md.AppendLine("### Targets").AppendLine();
        if (!NotAvailable(md, run))
        {
            md.Append("Commit `").Append(Text(Format.ShortCommit(run.Commit))).Append("` · started ").Append(Format.Date(run.StartedAt))
              .Append(" · ").Append(Format.Duration(run.DurationMs)).Append(" · exit code ").AppendLine(run.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? Format.Missing);
            if (run.RunUrl is { } runUrl)
                md.AppendLine().Append("CI run: <").Append(runUrl).AppendLine(">");
            md.AppendLine();
            md.AppendLine("| Target | Status | Duration | Note |").AppendLine("|---|---|---:|---|");
            foreach (var target in run.Targets)
            {
                var note = target.Error ?? target.SkipReason;
                md.Append("| ").Append(Cell(target.Name)).Append(" | ").Append(Icon(target.Status)).Append(' ').Append(Cell(target.Status))
                  .Append(" | ").Append(Ran(target) ? Format.Duration(target.DurationMs) : Format.Missing).Append(" | ").Append(Cell(Format.FirstLine(note))).AppendLine(" |");
            }
            md.AppendLine();
        }
    }

    private static void TestsPart(StringBuilder md, TestsSection tests)
    {
        md.AppendLine("### Tests").AppendLine();
        if (NotAvailable(md, tests))
            return;
        md.Append("**").Append(tests.Total).Append("** tests: **").Append(tests.Passed).Append("** passed, **").Append(tests.Failed)
          .Append("** failed, **").Append(tests.Skipped).Append("** skipped (").Append(Format.Duration(tests.DurationMs)).AppendLine(").");
        md.AppendLine();
        var reused = tests.Projects.Where(p => p.Reused).ToList();
        if (reused.Count > 0)
        {
            md.Append("Up to date, latest results reused: ")
              .AppendJoin(", ", reused.Select(p => $"{Cell(p.Suite ?? p.Name)} ({Cell(p.Name)}, {p.Total} tests)")).AppendLine(".");
            md.AppendLine();
        }
        if (tests.Failures.Count > 0)
        {
            md.AppendLine("| Failed test | Project | Message |").AppendLine("|---|---|---|");
            foreach (var failure in tests.Failures.Take(20))
                md.Append("| ").Append(Cell(failure.Name)).Append(" | ").Append(Cell(failure.Project)).Append(" | ").Append(Cell(Format.FirstLine(failure.Message))).AppendLine(" |");
            if (tests.Failures.Count > 20)
                md.Append("| … and ").Append(tests.Failures.Count - 20).AppendLine(" more | | |");
            md.AppendLine();
        }
    }

    private static void CoveragePart(StringBuilder md, CoverageSection coverage)
    {
        md.AppendLine("### Coverage").AppendLine();
        if (NotAvailable(md, coverage))
            return;
        md.AppendLine("| Project | Lines | Branches |").AppendLine("|---|---:|---:|");
        foreach (var project in coverage.Projects)
            md.Append("| ").Append(Cell(project.Name)).Append(" | ").Append(Format.Percent(project.LineRate)).Append(" | ").Append(Format.Percent(project.BranchRate)).AppendLine(" |");
        md.Append("| **Total** | **").Append(Format.Percent(coverage.LineRate)).Append("** | **").Append(Format.Percent(coverage.BranchRate)).AppendLine("** |");
        md.AppendLine();
    }

    private static void ImagePart(StringBuilder md, ImageSection image, ModelsSection models)
    {
        md.AppendLine("### Image and model").AppendLine();
        if (image.Available)
        {
            md.Append("Image `").Append(Text(image.Repository ?? Format.Missing)).Append("` ").Append(string.Join(", ", image.Tags.Select(t => "`" + Text(t) + "`")))
              .Append(" · id `").Append(Text(Format.ShortId(image.Id))).Append("` · ").Append(Format.Bytes(image.SizeBytes))
              .Append(" · ").Append(image.Layers.Count).Append(" layers · base ").Append(Text(image.BasePath ?? Format.Missing))
              .Append(" · built in ").AppendLine(Format.Seconds(image.BuildSeconds));
        }
        else
        {
            md.Append("Image: _not available_: ").AppendLine(Text(image.Reason!));
        }
        md.AppendLine();
        if (models.Available)
        {
            foreach (var model in models.Items)
            {
                md.Append("Model `").Append(Text(model.Name)).Append("` version `").Append(Text(model.Version)).Append('`');
                foreach (var file in model.Files)
                    md.Append(" · ").Append(Text(file.Path)).Append(" sha256 `").Append(Text(file.Sha256 ?? Format.Missing)).Append('`');
                md.AppendLine().AppendLine();
            }
        }
        else
        {
            md.Append("Model: _not available_: ").AppendLine(Text(models.Reason!)).AppendLine();
        }
    }

    private static void DeploymentPart(StringBuilder md, DeploymentSection deployment)
    {
        md.AppendLine("### Deployment").AppendLine();
        if (NotAvailable(md, deployment))
            return;
        var latest = deployment.Latest!;
        md.Append(Icon(latest.Outcome)).Append(" **").Append(Text(latest.Outcome)).Append("**: ").Append(Text(latest.Action)).Append(" of `")
          .Append(Text(latest.Version ?? Format.Missing)).Append("` to ").Append(Text(latest.Environment)).Append(" at ").Append(Format.Date(latest.StartedAt))
          .Append(" · healthy after ").Append(Format.Duration(latest.TimeToHealthyMs)).Append(" · switch ").Append(Format.Duration(latest.SwitchMs))
          .Append(" · total ").AppendLine(Format.Duration(latest.DurationMs));
        if (latest.RunUrl is { } runUrl && Uri.TryCreate(runUrl, UriKind.Absolute, out var link) && link.Scheme is "http" or "https")
            md.AppendLine().Append("Deployed from CI run <").Append(runUrl).AppendLine(">");
        // the rollout part says it more loudly
        if (latest.Reason is not null && !RolloutStatesReason(deployment.Rollout, latest.Id))
            md.AppendLine().Append("Reason: ").AppendLine(Text(latest.Reason));
        if (deployment.Chain is { } chain)
            md.AppendLine().Append(chain.Intact ? "" : "⚠️ ").Append("Ledger chain head `").Append(chain.Head ?? Format.Missing).Append("` (").Append(Text(Format.ChainState(chain))).AppendLine(")");
        md.AppendLine();
    }

    private static void LatencyPart(StringBuilder md, LatencySection latency)
    {
        md.AppendLine("### Latency (smoke test)").AppendLine();
        if (NotAvailable(md, latency))
            return;
        var ms = latency.LatencyMs;
        md.Append("| Requests | Failures | p50 | p95 | p99 | max |").AppendLine().AppendLine("|---:|---:|---:|---:|---:|---:|");
        md.Append("| ").Append(latency.Requests).Append(" | ").Append(latency.Failures).Append(" | ").Append(Format.Milliseconds(ms.P50)).Append(" | ")
          .Append(Format.Milliseconds(ms.P95)).Append(" | ").Append(Format.Milliseconds(ms.P99)).Append(" | ").Append(Format.Milliseconds(ms.Max)).AppendLine(" |");
        md.AppendLine();
    }

    private static void DeliveryPart(StringBuilder md, DeliverySection delivery)
    {
        md.Append("### Delivery metrics (last ").Append(Format.Number(delivery.WindowDays, "0.#")).AppendLine(" days)").AppendLine();
        if (NotAvailable(md, delivery))
            return;
        md.AppendLine("| Deployment frequency | Lead time for changes | Change failure rate | Time to restore |").AppendLine("|---:|---:|---:|---:|");
        md.Append("| ").Append(Format.Number(delivery.DeploymentFrequencyPerDay)).Append("/day (").Append(delivery.SuccessfulDeployments).Append(") | ")
          .Append(Format.Seconds(delivery.LeadTimeMedianSeconds)).Append(" | ")
          .Append(Format.Percent(delivery.ChangeFailureRate)).Append(" (").Append(delivery.FailedDeployments).Append('/').Append(delivery.Deployments).Append(") | ")
          .Append(Format.Seconds(delivery.TimeToRestoreMedianSeconds)).Append(delivery.UnrestoredFailure ? ", latest failure not yet restored" : "").AppendLine(" |");
        md.AppendLine();
    }

    private static bool Ran(TargetRun target) => target.Status is not ("Skipped" or "NotRun");

    private static bool NotAvailable(StringBuilder md, ReportSection section)
    {
        if (section.Available)
            return false;
        md.Append("_Not available_: ").AppendLine(Text(section.Reason!)).AppendLine();
        return true;
    }

    private static string Icon(string status) => status switch
    {
        "Succeeded" or "succeeded" => "✅",
        "UpToDate" or "unchanged" => "⏺️",
        "Failed" or "failed" => "❌",
        "rolled-back" => "↩️",
        "Aborted" => "⛔",
        "Skipped" or "NotRun" => "⏭️",
        _ => "❔",
    };

    /// <summary>Text with &amp;, &lt; and &gt; encoded (GitHub renders HTML in Markdown); backticks replaced so code spans cannot be broken.</summary>
    private static string Text(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace('`', '\'');

    private static string Cell(string text) => Text(text).ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
