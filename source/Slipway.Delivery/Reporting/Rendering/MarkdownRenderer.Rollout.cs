using System.Globalization;
using System.Text;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>The latest deploy's rollout and the firing alerts, compact: the full tables and charts are in the HTML report.</summary>
public static partial class MarkdownRenderer
{
    private static void RolloutPart(StringBuilder md, RolloutReport? rollout)
    {
        if (rollout is null)
            return;
        md.AppendLine(rollout.Strategy == "canary" ? "### Canary and analysis" : "### Rollout and analysis").AppendLine();
        // the deployment part above already gave the outcome
        md.Append("Strategy **").Append(Text(rollout.Strategy ?? Format.Missing)).Append("**: `").Append(Text(rollout.Version ?? rollout.DeploymentId))
          .Append("` to ").Append(Text(rollout.Candidate ?? Format.Missing));
        if (rollout.Baseline is not null)
            md.Append(" against ").Append(Text(rollout.Baseline));
        if (rollout.Steps.Count > 0)
            md.Append(" · traffic ").Append(string.Join(" → ", rollout.Steps.Select(s => s.ToString(CultureInfo.InvariantCulture) + "%")));
        md.AppendLine().AppendLine();
        if (RolloutStatesReason(rollout, rollout.DeploymentId))
            md.Append("**").Append(rollout.Outcome == LedgerOutcomes.RolledBack ? "Rolled back" : "Failed").Append(":** ").AppendLine(Text(rollout.Reason!)).AppendLine();

        var notPassed = rollout.Checks.Where(c => c.Verdict != AnalysisCheck.Pass).ToArray();
        if (rollout.Checks.Count == 0)
        {
            md.AppendLine("No analysis checks were recorded.").AppendLine();
        }
        else if (notPassed.Length == 0)
        {
            md.Append("All ").Append(rollout.Checks.Count).Append(" checks passed (").Append(string.Join(", ", rollout.Phases.Select(Text))).AppendLine(").").AppendLine();
        }
        else
        {
            md.Append(rollout.ChecksPassed).Append(" of ").Append(rollout.Checks.Count).AppendLine(" checks passed:").AppendLine();
            md.AppendLine("| Phase | Colour | Metric | Value | Bound | Baseline | Verdict |").AppendLine("|---|---|---|---:|---|---:|---|");
            foreach (var check in notPassed)
            {
                md.Append("| ").Append(Cell(check.Phase)).Append(" | ").Append(Cell(check.Colour)).Append(" | ").Append(Cell(check.Metric))
                  .Append(" | ").Append(Format.CheckValue(check.Metric, check.Value)).Append(" | ").Append(Cell(Format.CheckBound(check.Metric, check.Comparison, check.Threshold)))
                  .Append(" | ").Append(Format.CheckValue(check.Metric, check.Baseline)).Append(" | ").Append(VerdictIcon(check.Verdict)).Append(' ').Append(Cell(check.Verdict)).AppendLine(" |");
            }
            md.AppendLine();
        }

        if (rollout.Probes is { } probes)
        {
            md.Append("Probes: ").Append(VerdictIcon(probes.Verdict)).Append(' ').Append(Text(probes.Verdict)).Append(" · ").Append(probes.Probes).Append(" probes");
            if (probes.MinCosine is { } cosine)
                md.Append(" · lowest cosine ").Append(cosine.ToString("0.0000", CultureInfo.InvariantCulture));
            md.Append(" · ").AppendLine(Text(Format.FirstLine(probes.Message))).AppendLine();
        }
        if (rollout.ProbeLoadSent is { } sent)
            md.Append("Probe load: ").Append(sent).Append(" sent, ").Append(rollout.ProbeLoadFailed ?? 0).AppendLine(" failed.").AppendLine();
    }

    private static void AlertsPart(StringBuilder md, AlertsSection alerts)
    {
        if (!alerts.Available)
            return;
        md.AppendLine("### Firing alerts").AppendLine();
        if (alerts.Firing.Count == 0)
        {
            md.AppendLine("No alert is firing.").AppendLine();
            return;
        }
        foreach (var alert in alerts.Firing)
        {
            var labels = alert.Labels.Where(l => l.Key != "alertname").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}").ToArray();
            md.Append("- 🔥 **").Append(Text(alert.Name)).Append("** since ").Append(Format.Date(alert.StartsAt));
            if (labels.Length > 0)
                md.Append(" (").Append(Text(string.Join(", ", labels))).Append(')');
            if (!string.IsNullOrEmpty(alert.Summary))
                md.Append(": ").Append(Text(Format.FirstLine(alert.Summary)));
            md.AppendLine();
        }
        md.AppendLine();
    }

    /// <summary>Whether the rollout part states the reason of deployment <paramref name="id"/> (a rolled-back or failed deploy).</summary>
    private static bool RolloutStatesReason(RolloutReport? rollout, string id) =>
        rollout is { Reason: not null, Outcome: LedgerOutcomes.RolledBack or LedgerOutcomes.Failed } && rollout.DeploymentId == id;

    private static string VerdictIcon(string verdict) => verdict switch
    {
        AnalysisCheck.Pass or "passed" => "✅",
        AnalysisCheck.Fail or "rejected" => "❌",
        _ => "❔",
    };
}
