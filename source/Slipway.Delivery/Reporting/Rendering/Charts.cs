using System.Globalization;
using Slipway.Delivery.Reporting.Model;
using Slipway.Delivery.Smoke;

namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>The report's inline SVG charts. Colours come from CSS classes (s-&lt;status&gt;) defined in the page's style.</summary>
internal static partial class Charts
{
    private const double Width = 760;
    private const double LabelWidth = 130;
    private const double Right = 70;

    /// <summary>A Gantt chart of the targets: one row each, placed by start offset, coloured by status.</summary>
    public static string Timeline(RunSection run)
    {
        const double row = 24, top = 8, axis = 26;
        var targets = run.Targets;
        var end = Math.Max(run.DurationMs ?? 0, targets.Select(t => (t.OffsetMs ?? 0) + t.DurationMs).DefaultIfEmpty(0).Max());
        var ticks = Svg.TimeTicks(end);
        var scale = (Width - LabelWidth - Right) / ticks[^1];
        var height = top + targets.Count * row + axis;
        var svg = new Svg(Width, height, "Timeline of the pipeline's targets");
        foreach (var tick in ticks)
        {
            var x = LabelWidth + tick * scale;
            svg.Line(x, top, x, height - axis + 4, "grid").Text(x, height - 8, Format.AxisDuration(tick), "axis", "middle");
        }
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var y = top + i * row;
            svg.Text(LabelWidth - 8, y + 16, target.Name, "label", "end");
            var ran = target.OffsetMs is not null && target.Status is not ("Skipped" or "NotRun");
            var x = LabelWidth + (target.OffsetMs ?? 0) * scale;
            var width = ran ? Math.Max(2, target.DurationMs * scale) : 0;
            if (ran)
                svg.Rect(x, y + 4, width, row - 8, "bar s-" + Css(target.Status), $"{target.Name}: {target.Status}, {Format.Duration(target.DurationMs)}");
            var note = ran ? Format.Duration(target.DurationMs) : target.Status;
            if (target.Status is "Failed" or "UpToDate" or "Aborted" && ran)
                note += " · " + target.Status;
            svg.Text(x + width + 6, y + 16, note, "value");
        }
        return svg.ToString();
    }

    /// <summary>The latency histogram with p50, p95 and p99 marked.</summary>
    public static string Histogram(LatencySection latency)
    {
        const double top = 22, height = 220, bottom = 40, left = 50, right = 20;
        var buckets = latency.Histogram;
        var svg = new Svg(Width, height, "Latency histogram of the smoke test");
        if (buckets.Count == 0)
            return svg.Text(Width / 2, height / 2, "no successful requests", "axis", "middle").ToString();
        var from = buckets[0].FromMs;
        var to = buckets[^1].ToMs;
        var maxCount = buckets.Max(b => b.Count);
        var yTicks = Svg.Ticks(maxCount, 4);
        var plotHeight = height - top - bottom;
        var yScale = plotHeight / yTicks[^1];
        var xScale = (Width - left - right) / Math.Max(to - from, 1e-9);
        foreach (var tick in yTicks)
        {
            var y = top + plotHeight - tick * yScale;
            svg.Line(left, y, Width - right, y, "grid").Text(left - 6, y + 4, tick.ToString("0", CultureInfo.InvariantCulture), "axis", "end");
        }
        foreach (var bucket in buckets)
        {
            var x = left + (bucket.FromMs - from) * xScale;
            var w = (bucket.ToMs - bucket.FromMs) * xScale;
            svg.Rect(x + 1, top + plotHeight - bucket.Count * yScale, Math.Max(w - 2, 1), bucket.Count * yScale, "bar s-succeeded",
                $"{Format.Milliseconds(bucket.FromMs)}–{Format.Milliseconds(bucket.ToMs)}: {bucket.Count} requests");
        }
        var labelEvery = (int)Math.Ceiling(buckets.Count / 8.0);
        for (var i = 0; i <= buckets.Count; i += labelEvery)
        {
            var edge = i < buckets.Count ? buckets[i].FromMs : to;
            svg.Text(left + (edge - from) * xScale, height - bottom + 16, Format.Milliseconds(edge), "axis", "middle");
        }
        svg.Text(Width - right, height - 6, "latency (ms) →", "axis", "end");
        var markers = new[] { ("p50", latency.LatencyMs.P50), ("p95", latency.LatencyMs.P95), ("p99", latency.LatencyMs.P99) };
        for (var i = 0; i < markers.Length; i++)
        {
            var (name, value) = markers[i];
            var x = left + (value - from) * xScale;
            var legendX = left + i * 150;
            svg.Line(x, top - 4, x, top + plotHeight, $"marker m{i}")
                .Line(legendX, 10, legendX + 16, 10, $"marker m{i}")
                .Text(legendX + 20, 14, $"{name} {Format.Milliseconds(value)}", "marker-label");
        }
        return svg.ToString();
    }

    /// <summary>Deployments oldest to newest: bar height is the deployment's duration, colour its outcome.</summary>
    public static string DeploymentHistory(IReadOnlyList<DeploymentSummary> newestFirst)
    {
        const double height = 200, top = 14, bottom = 44, left = 80, right = 20;
        var deployments = newestFirst.Reverse().ToArray();
        var svg = new Svg(Width, height, "Deployment history");
        var maxMs = deployments.Select(d => d.DurationMs ?? 0).DefaultIfEmpty(0).Max();
        var ticks = Svg.TimeTicks(maxMs, 4);
        var plotHeight = height - top - bottom;
        var yScale = plotHeight / ticks[^1];
        foreach (var tick in ticks)
        {
            var y = top + plotHeight - tick * yScale;
            svg.Line(left, y, Width - right, y, "grid").Text(left - 6, y + 4, Format.AxisDuration(tick), "axis", "end");
        }
        var slot = (Width - left - right) / Math.Max(deployments.Length, 1);
        var barWidth = Math.Min(40, slot * 0.7);
        for (var i = 0; i < deployments.Length; i++)
        {
            var deployment = deployments[i];
            var x = left + i * slot + (slot - barWidth) / 2;
            var h = Math.Max(2, (deployment.DurationMs ?? 0) * yScale);
            svg.Rect(x, top + plotHeight - h, barWidth, h, "bar s-" + Css(deployment.Outcome),
                $"{Format.Date(deployment.StartedAt)} {deployment.Action} {deployment.Version}: {deployment.Outcome}, {Format.Duration(deployment.DurationMs)}");
            svg.Text(x + barWidth / 2, height - bottom + 15, deployment.Version ?? Format.ShortId(deployment.ImageId), "axis", "middle");
            svg.Text(x + barWidth / 2, height - bottom + 29, deployment.StartedAt.ToUniversalTime().ToString("MM-dd", CultureInfo.InvariantCulture), "axis small", "middle");
        }
        return svg.ToString();
    }

    /// <summary>Stacked bars of the stage times of the last runs, oldest first.</summary>
    public static string StageTrend(IReadOnlyList<RunSummary> runs)
    {
        const double height = 220, top = 30, bottom = 30, left = 80, right = 20;
        var svg = new Svg(Width, height, "Stage times of the last runs");
        var totals = runs.Select(r => r.Stages.All().Sum(s => s.Ms ?? 0)).ToArray();
        var ticks = Svg.TimeTicks(totals.DefaultIfEmpty(0).Max(), 4);
        var plotHeight = height - top - bottom;
        var yScale = plotHeight / ticks[^1];
        foreach (var tick in ticks)
        {
            var y = top + plotHeight - tick * yScale;
            svg.Line(left, y, Width - right, y, "grid").Text(left - 6, y + 4, Format.AxisDuration(tick), "axis", "end");
        }
        var legendX = left;
        foreach (var (stage, _) in StageTimes.None.All())
        {
            svg.Rect(legendX, 8, 12, 12, "bar stage-" + stage).Text(legendX + 16, 18, stage, "axis");
            legendX += 80;
        }
        var slot = (Width - left - right) / Math.Max(runs.Count, 1);
        var barWidth = Math.Min(40, slot * 0.7);
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var x = left + i * slot + (slot - barWidth) / 2;
            var y = top + plotHeight;
            foreach (var (stage, ms) in run.Stages.All())
            {
                if (ms is not { } value || value <= 0)
                    continue;
                var h = value * yScale;
                y -= h;
                svg.Rect(x, y, barWidth, h, "bar stage-" + stage, $"{Format.Date(run.StartedAt)} {stage}: {Format.Duration(value)}");
            }
            svg.Text(x + barWidth / 2, height - bottom + 15, Format.ShortCommit(run.Commit) is var c && c != Format.Missing ? c[..Math.Min(7, c.Length)] : "#" + (i + 1), "axis small", "middle");
            if (run.Outcome != "Succeeded")
                svg.Text(x + barWidth / 2, y - 4, run.Outcome == "Failed" ? "✗" : "?", "marker-label", "middle");
        }
        return svg.ToString();
    }

    public static string Css(string status) => status.ToLowerInvariant().Replace(' ', '-');
}
