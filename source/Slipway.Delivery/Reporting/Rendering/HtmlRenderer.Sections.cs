using System.Globalization;
using System.Text;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>The report's sections. Table cells passed to <c>Table</c> are already encoded.</summary>
public static partial class HtmlRenderer
{
    private static void TargetsSection(StringBuilder html, RunSection run)
    {
        html.Append("<section id=\"targets\"><h2>Targets</h2>");
        if (!NotAvailable(html, run))
        {
            html.Append("<div class=\"scroll\">").Append(Charts.Timeline(run)).Append("</div>");
            Table(html, ["Target", "Status", "Duration", "Note"],
                run.Targets.Select(t => new[]
                {
                    E(t.Name), Badge(t.Status), E(t.Status is "Skipped" or "NotRun" ? Format.Missing : Format.Duration(t.DurationMs)),
                    "<span class=\"note\">" + E(Format.FirstLine(t.Error ?? t.SkipReason ?? t.Description)) + "</span>",
                }),
                new HashSet<int> { 2 });
            var errors = run.Targets.Where(t => t.Error is not null).ToArray();
            foreach (var target in errors)
                html.Append("<details open><summary>").Append(E(target.Name)).Append(" failed</summary><pre>").Append(E(target.Error)).Append("</pre></details>");
            html.Append("<p class=\"muted\">Stage times: ")
                .Append(E(string.Join(" · ", run.Stages.All().Select(s => $"{s.Stage} {Format.Duration(s.Ms)}")))).Append("</p>");
            if (run.Parameters.Count > 0)
            {
                html.Append("<details><summary>Parameters</summary>");
                Table(html, ["Parameter", "Value"], run.Parameters.Select(p => new[] { E(p.Key), "<code>" + E(p.Value ?? "(null)") + "</code>" }));
                html.Append("</details>");
            }
        }
        html.Append("</section>\n");
    }

    private static void TestsSection(StringBuilder html, TestsSection tests)
    {
        html.Append("<section id=\"tests\"><h2>Tests</h2>");
        if (!NotAvailable(html, tests))
        {
            html.Append("<p class=\"figures\"><strong>").Append(tests.Total).Append("</strong> tests · <strong class=\"ok\">").Append(tests.Passed)
                .Append("</strong> passed · <strong class=\"").Append(tests.Failed > 0 ? "bad" : "").Append("\">").Append(tests.Failed)
                .Append("</strong> failed · <strong>").Append(tests.Skipped).Append("</strong> skipped · ").Append(E(Format.Duration(tests.DurationMs))).Append("</p>");
            Table(html, ["Project", "Target", "Total", "Passed", "Failed", "Skipped", "Duration"],
                tests.Projects.Select(p => new[]
                {
                    E(p.Name),
                    E(p.Suite ?? "") + (p.Reused ? " <span class=\"muted\" title=\"up to date: its latest results\">reused" + (p.RecordedAt is { } at ? " from " + E(at.ToString("u", CultureInfo.InvariantCulture)) : "") + "</span>" : ""),
                    I(p.Total), I(p.Passed), I(p.Failed), I(p.Skipped), E(Format.Duration(p.DurationMs)),
                }),
                new HashSet<int> { 2, 3, 4, 5, 6 });
            if (tests.Failures.Count > 0)
            {
                html.Append("<h3>Failed tests</h3>");
                foreach (var failure in tests.Failures)
                {
                    html.Append("<details class=\"failure\" open><summary><code>").Append(E(failure.Name)).Append("</code> <span class=\"muted\">")
                        .Append(E(failure.Project)).Append("</span></summary><pre>").Append(E(failure.Message)).Append("</pre>");
                    if (failure.StackTrace is not null)
                        html.Append("<pre class=\"stack\">").Append(E(failure.StackTrace)).Append("</pre>");
                    html.Append("</details>");
                }
            }
            if (tests.Slowest.Count > 0)
            {
                html.Append("<h3>Slowest tests</h3>");
                Table(html, ["Test", "Project", "Duration"],
                    tests.Slowest.Select(t => new[] { "<code>" + E(t.Name) + "</code>", E(t.Project), E(Format.Duration(t.DurationMs)) }),
                    new HashSet<int> { 2 });
            }
        }
        html.Append("</section>\n");
    }

    private static void CoverageSection(StringBuilder html, CoverageSection coverage)
    {
        html.Append("<section id=\"coverage\"><h2>Coverage</h2>");
        if (!NotAvailable(html, coverage))
        {
            var rows = coverage.Projects
                .Select(p => new[] { E(p.Name), Meter(p.LineRate), $"{p.LinesCovered}/{p.LinesValid}", Meter(p.BranchRate), $"{p.BranchesCovered}/{p.BranchesValid}" })
                .Append(["<strong>Total</strong>", Meter(coverage.LineRate), $"{coverage.LinesCovered}/{coverage.LinesValid}", Meter(coverage.BranchRate), $"{coverage.BranchesCovered}/{coverage.BranchesValid}"]);
            Table(html, ["Project", "Lines", "", "Branches", ""], rows, new HashSet<int> { 2, 4 });
        }
        html.Append("</section>\n");
    }

    private static void ImageSection(StringBuilder html, ImageSection image, ModelsSection models)
    {
        html.Append("<section id=\"image\"><h2>Image and model</h2>");
        if (!NotAvailable(html, image))
        {
            html.Append("<dl class=\"facts\">");
            Fact(html, "Repository", image.Repository);
            Fact(html, "Tags", string.Join(", ", image.Tags));
            Fact(html, "Id", Format.ShortId(image.Id));
            Fact(html, "Size", Format.Bytes(image.SizeBytes));
            Fact(html, "Base image", image.BaseImage is null ? image.BasePath : $"{image.BaseImage} ({image.BasePath})");
            Fact(html, "Built in", Format.Seconds(image.BuildSeconds));
            Fact(html, "Layers already on the engine", image.TotalSteps is { } total ? $"{image.CachedSteps ?? 0} of {total}" : null);
            html.Append("</dl>");
            if (image.Layers.Count > 0)
            {
                html.Append("<h3>Layers</h3>");
                Table(html, ["#", "Layer", "Size", "Created by"],
                    image.Layers.Select((l, i) => new[] { I(i + 1), "<code>" + E(Format.ShortId(l.Id)) + "</code>", E(Format.Bytes(l.SizeBytes)), "<span class=\"note\">" + E(l.CreatedBy) + "</span>" }),
                    new HashSet<int> { 0, 2 });
            }
            if (image.Labels.Count > 0)
            {
                html.Append("<details><summary>Labels (").Append(image.Labels.Count).Append(")</summary>");
                Table(html, ["Label", "Value"], image.Labels.Select(l => new[] { "<code>" + E(l.Key) + "</code>", E(l.Value) }));
                html.Append("</details>");
            }
        }
        html.Append("<h3>Models</h3>");
        if (!NotAvailable(html, models))
        {
            Table(html, ["Model", "Version", "Kind", "File", "sha256"],
                models.Items.SelectMany(m => (m.Files.Count == 0 ? [new ModelFile(Format.Missing, null)] : m.Files)
                    .Select(f => new[] { E(m.Name), E(m.Version), E(m.Kind ?? Format.Missing), E(f.Path), "<code>" + E(f.Sha256 ?? Format.Missing) + "</code>" })));
        }
        html.Append("</section>\n");
    }

    private static void DeploymentSection(StringBuilder html, DeploymentSection deployment)
    {
        html.Append("<section id=\"deployment\"><h2>Deployment</h2>");
        if (!NotAvailable(html, deployment))
        {
            var latest = deployment.Latest!;
            html.Append("<p class=\"figures\">").Append(Badge(latest.Outcome)).Append(' ').Append(E(latest.Action)).Append(" of <code>")
                .Append(E(latest.Version ?? Format.ShortId(latest.ImageId))).Append("</code> to <strong>").Append(E(latest.Environment)).Append("</strong> at ")
                .Append(E(Format.Date(latest.StartedAt))).Append(" by ").Append(E(latest.Who)).Append(RunLink(latest.RunUrl, " from ")).Append("</p>");
            if (latest.Reason is not null)
                html.Append("<p class=\"reason\"><strong>Reason:</strong> ").Append(E(latest.Reason)).Append("</p>");
            html.Append("<dl class=\"facts\">");
            Fact(html, "Time to healthy", Format.Duration(latest.TimeToHealthyMs));
            Fact(html, "Edge switch", Format.Duration(latest.SwitchMs));
            Fact(html, "Total", Format.Duration(latest.DurationMs));
            Fact(html, "Backend", latest.Backend);
            Fact(html, "Colour", latest.Colour);
            Fact(html, "Endpoint", latest.Endpoint);
            Fact(html, "Image", Format.ShortId(latest.ImageId));
            Fact(html, "Previous image", Format.ShortId(latest.PreviousImageId));
            Fact(html, "Commit", Format.ShortCommit(latest.Commit));
            html.Append("</dl>");
            if (deployment.Chain is { } chain)
            {
                html.Append("<p class=\"").Append(chain.Intact ? "chain" : "chain reason").Append("\"><strong>Ledger chain head:</strong> <code>").Append(E(chain.Head ?? Format.Missing))
                    .Append("</code> (").Append(E(Format.ChainState(chain))).Append(")</p>");
            }
            if (latest.PhaseDurationsMs.Count > 0)
            {
                var phases = latest.PhaseDurationsMs.OrderBy(p => PhaseOrder(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal).ToArray();
                Table(html, phases.Select(p => p.Key).ToArray(), [phases.Select(p => E(Format.Duration(p.Value))).ToArray()],
                    Enumerable.Range(0, phases.Length).ToHashSet());
            }
            html.Append("<h3>History</h3><div class=\"scroll\">").Append(Charts.DeploymentHistory(deployment.History)).Append("</div>");
            Table(html, ["Started", "Action", "Outcome", "Version", "Duration", "Healthy after", "Reason"],
                deployment.History.Select(d => new[]
                {
                    E(Format.Date(d.StartedAt)) + RunLink(d.RunUrl, " "), E(d.Action), Badge(d.Outcome), E(d.Version ?? Format.ShortId(d.ImageId)),
                    E(Format.Duration(d.DurationMs)), E(Format.Duration(d.TimeToHealthyMs)), "<span class=\"note\">" + E(Format.FirstLine(d.Reason)) + "</span>",
                }),
                new HashSet<int> { 4, 5 });
        }
        html.Append("</section>\n");
    }

    private static void LatencySection(StringBuilder html, LatencySection latency)
    {
        html.Append("<section id=\"latency\"><h2>Latency</h2>");
        if (!NotAvailable(html, latency))
        {
            var ms = latency.LatencyMs;
            html.Append("<p class=\"muted\">").Append(I(latency.Requests)).Append(" requests to model <code>").Append(E(latency.Model)).Append("</code> through ")
                .Append(E(latency.Endpoint)).Append(", ").Append(I(latency.Concurrency)).Append(" at a time, ").Append(E(Format.Date(latency.StartedAt))).Append("</p>");
            Table(html, ["Requests", "Failures", "p50", "p95", "p99", "max", "mean"],
                [[I(latency.Requests), I(latency.Failures), E(Format.Milliseconds(ms.P50)), E(Format.Milliseconds(ms.P95)), E(Format.Milliseconds(ms.P99)), E(Format.Milliseconds(ms.Max)), E(Format.Milliseconds(ms.Mean))]],
                new HashSet<int> { 0, 1, 2, 3, 4, 5, 6 });
            html.Append("<div class=\"scroll\">").Append(Charts.Histogram(latency)).Append("</div>");
            if (latency.FailureSamples.Count > 0)
            {
                html.Append("<h3>Failed requests</h3>");
                Table(html, ["Request", "Status", "Message"],
                    latency.FailureSamples.Select(f => new[] { I(f.Index), f.Status is { } s ? I(s) : Format.Missing, "<span class=\"note\">" + E(f.Message) + "</span>" }));
            }
        }
        html.Append("</section>\n");
    }

    private static void DeliverySection(StringBuilder html, DeliverySection delivery, TrendSection trend)
    {
        html.Append("<section id=\"delivery\"><h2>Delivery metrics</h2>");
        if (!NotAvailable(html, delivery))
        {
            html.Append("<p class=\"muted\">DORA metrics over ").Append(E(Format.Number(delivery.WindowDays, "0.#"))).Append(" days: ")
                .Append(E(Format.Date(delivery.WindowStart))).Append(" – ").Append(E(Format.Date(delivery.WindowEnd))).Append("</p><div class=\"cards\">");
            Card(html, "Deployment frequency", Format.Number(delivery.DeploymentFrequencyPerDay) + "/day", $"{delivery.SuccessfulDeployments} successful deploys");
            Card(html, "Lead time for changes", Format.Seconds(delivery.LeadTimeMedianSeconds), $"median of {delivery.LeadTimeSamples}, commit → deployed");
            Card(html, "Change failure rate", Format.Percent(delivery.ChangeFailureRate), $"{delivery.FailedDeployments} of {delivery.Deployments} deploys failed or rolled back",
                delivery.ChangeFailureRate > 0 ? "bad" : null);
            Card(html, "Time to restore", Format.Seconds(delivery.TimeToRestoreMedianSeconds),
                delivery.UnrestoredFailure ? $"median of {delivery.RestoreSamples}; latest failure not yet restored" : $"median of {delivery.RestoreSamples}, failure → next success",
                delivery.UnrestoredFailure ? "bad" : null);
            html.Append("</div>");
        }
        html.Append("<h3>Stage times, last runs</h3>");
        if (!NotAvailable(html, trend))
        {
            html.Append("<div class=\"scroll\">").Append(Charts.StageTrend(trend.Runs)).Append("</div>");
            Table(html, ["Started", "Commit", "Outcome", "build", "test", "image", "deploy", "Total"],
                trend.Runs.Reverse().Select(r => new[]
                {
                    E(Format.Date(r.StartedAt)), "<code>" + E(Format.ShortCommit(r.Commit)) + "</code>", Badge(r.Outcome),
                    E(Format.Duration(r.Stages.Build)), E(Format.Duration(r.Stages.Test)), E(Format.Duration(r.Stages.Image)), E(Format.Duration(r.Stages.Deploy)),
                    E(Format.Duration(r.DurationMs)),
                }),
                new HashSet<int> { 3, 4, 5, 6, 7 });
        }
        html.Append("</section>\n");
    }

    /// <summary>The deploy phases in the order they happen; unknown phases go last.</summary>
    private static int PhaseOrder(string phase) =>
        Array.IndexOf(["start", "healthy", "ready", "smoke", "grpc", "warm-up", "probes", "switch", "verify", "analysis", "watch", "drain"], phase) is var i and >= 0 ? i : int.MaxValue;

    private static void Fact(StringBuilder html, string key, string? value) =>
        html.Append("<div><dt>").Append(E(key)).Append("</dt><dd>").Append(E(string.IsNullOrEmpty(value) ? Format.Missing : value)).Append("</dd></div>");

    private static string Meter(double? rate)
    {
        if (rate is not { } r)
            return Format.Missing;
        var percent = Math.Clamp(r * 100, 0, 100);
        var tone = percent >= 80 ? "ok" : percent >= 50 ? "warn" : "bad";
        return string.Create(CultureInfo.InvariantCulture,
            $"<span class=\"meter\"><span class=\"fill {tone}\" style=\"width:{percent:0.#}%\"></span></span> {Format.Percent(r)}");
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
