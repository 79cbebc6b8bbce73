using System.Globalization;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>The rollout's charts: the candidate's traffic share over time, and one analysis metric per phase.</summary>
internal static partial class Charts
{
    /// <summary>A step line of the candidate's share of traffic; x is seconds since the deploy started, dots mark the edge's moves.</summary>
    public static string TrafficSteps(RolloutReport rollout)
    {
        const double height = 210, top = 16, bottom = 40, left = 50, right = 24;
        var svg = new Svg(Width, height, $"Traffic share of {rollout.Candidate ?? "the candidate"} over time");
        var moves = rollout.Traffic.Where(t => t.CandidatePercent is not null).ToArray();
        if (moves.Length == 0)
            return svg.Text(Width / 2, height / 2, "the ledger does not say which colour was the candidate", "axis", "middle").ToString();
        var finished = rollout.FinishedAt is { } f ? (f - rollout.StartedAt).TotalSeconds : 0;
        var lastCheck = rollout.Checks.Select(c => (c.At - rollout.StartedAt).TotalSeconds).DefaultIfEmpty(0).Max();
        var endSeconds = Math.Max(Math.Max(finished, lastCheck), moves[^1].OffsetSeconds);
        var xTicks = Svg.TimeTicks(endSeconds * 1000);
        var plotWidth = Width - left - right;
        var plotHeight = height - top - bottom;
        double X(double seconds) => left + Math.Max(0, seconds) * 1000 / xTicks[^1] * plotWidth;
        double Y(double percent) => top + plotHeight - percent / 100 * plotHeight;

        foreach (var percent in new[] { 0, 25, 50, 75, 100 })
            svg.Line(left, Y(percent), Width - right, Y(percent), "grid").Text(left - 6, Y(percent) + 4, $"{percent}%", "axis", "end");
        foreach (var tick in xTicks)
            svg.Line(X(tick / 1000), top, X(tick / 1000), top + plotHeight + 4, "grid").Text(X(tick / 1000), height - bottom + 18, Format.AxisDuration(tick), "axis", "middle");
        svg.Text(Width - right, height - 6, "time since the deploy started →", "axis", "end");

        // the candidate serves nothing until the first move
        var line = new List<(double X, double Y)> { (X(0), Y(0)) };
        var share = 0;
        foreach (var move in moves)
        {
            line.Add((X(move.OffsetSeconds), Y(share)));
            share = move.CandidatePercent!.Value;
            line.Add((X(move.OffsetSeconds), Y(share)));
        }
        line.Add((X(endSeconds), Y(share)));
        svg.Polyline(line, "traffic");
        foreach (var move in moves)
        {
            var weights = string.Join(", ", move.Weights.Select(w => $"{w.Key} {w.Value}%"));
            svg.Circle(X(move.OffsetSeconds), Y(move.CandidatePercent!.Value), 4, "move",
                    $"+{Format.Duration(move.OffsetSeconds * 1000)}: {weights}")
                .Text(X(move.OffsetSeconds) + 6, Y(move.CandidatePercent!.Value) - 6, $"{move.CandidatePercent}%", "marker-label");
        }
        // each analysis phase's verdict, on the time axis where it was judged
        foreach (var phase in rollout.Checks.GroupBy(c => c.Phase, StringComparer.Ordinal))
        {
            var at = (phase.Max(c => c.At) - rollout.StartedAt).TotalSeconds;
            var verdict = Worst(phase.Select(c => c.Verdict));
            svg.Rect(X(at) - 3, top + plotHeight - 8, 6, 8, "verdict v-" + Css(verdict), $"{phase.Key}: {verdict}");
        }
        return svg.ToString();
    }

    /// <summary>
    /// One analysis metric per phase: the candidate's value (dots coloured by verdict), the baseline's where recorded
    /// (dashed) and the threshold (a red dashed step line, as the bound may differ per phase).
    /// </summary>
    /// <param name="percent">Values are shares (0–1), drawn as percentages near 100%; otherwise seconds, drawn as milliseconds from 0.</param>
    public static string PhaseMetric(string label, IReadOnlyList<PhaseValue> values, RolloutReport rollout, bool percent)
    {
        const double height = 220, top = 30, bottom = 36, left = 64, right = 24;
        var svg = new Svg(Width, height, label);
        double Scale(double v) => percent ? v * 100 : v * 1000;
        string Tick(double v) => percent ? v.ToString("0.##", CultureInfo.InvariantCulture) + "%" : Format.AxisDuration(v);
        var all = values.SelectMany(v => new[] { v.Check.Value, v.Check.Baseline, v.Check.Threshold }).OfType<double>().Where(v => !double.IsNaN(v)).Select(Scale).ToArray();
        double[] ticks;
        if (percent)
        {
            // success rates sit near 100%: show the span down to the lowest value, not 0–100
            var span = Math.Max(100 - all.DefaultIfEmpty(100).Min(), 0.4) * 1.25;
            ticks = [.. Svg.Ticks(span, 4).Select(t => 100 - t).Where(t => t >= -1e-9).Order()];
        }
        else
        {
            // an absolute bound far above the values (1 s against 20 ms) would flatten them: such a bound is drawn at the top, labelled
            var measured = values.SelectMany(v => new[] { v.Check.Value, v.Check.Baseline }).OfType<double>().Where(v => !double.IsNaN(v)).Select(Scale).DefaultIfEmpty(0).Max();
            var bounds = values.Select(v => Scale(v.Check.Threshold)).Where(t => measured <= 0 || t <= measured * 3);
            ticks = Svg.Ticks(bounds.Append(measured).Max() * 1.1, 4);
        }
        var (low, high) = (ticks[0], ticks[^1]);
        var plotHeight = height - top - bottom;
        var slot = (Width - left - right) / Math.Max(values.Count, 1);
        double Y(double scaled) => top + plotHeight - (Math.Clamp(scaled, low, high) - low) / Math.Max(high - low, 1e-9) * plotHeight;
        double Centre(int i) => left + (i + 0.5) * slot;

        foreach (var tick in ticks)
            svg.Line(left, Y(tick), Width - right, Y(tick), "grid").Text(left - 6, Y(tick) + 4, Tick(Math.Max(tick, 0)), "axis", "end");
        svg.Line(left, 10, left + 16, 10, "candidate").Text(left + 20, 14, rollout.Candidate ?? "candidate", "marker-label");
        if (values.Any(v => v.Check.Baseline is not null))
            svg.Line(left + 150, 10, left + 166, 10, "baseline").Text(left + 170, 14, (rollout.Baseline ?? "baseline") + " (baseline)", "marker-label");
        svg.Line(left + 330, 10, left + 346, 10, "threshold").Text(left + 350, 14, "threshold", "marker-label");

        var threshold = new List<(double X, double Y)>();
        for (var i = 0; i < values.Count; i++)
        {
            var y = Y(Scale(values[i].Check.Threshold));
            threshold.Add((left + i * slot, y));
            threshold.Add((left + (i + 1) * slot, y));
            if (Scale(values[i].Check.Threshold) > high)
                svg.Text(Centre(i), top + 12, $"bound {Format.CheckBound(values[i].Check.Metric, values[i].Check.Comparison, values[i].Check.Threshold)} ↑", "axis bound", "middle");
            svg.Text(Centre(i), height - bottom + 18, values[i].Phase, "axis", "middle");
        }
        svg.Polyline(threshold, "threshold");
        Series(svg, values, v => v.Check.Baseline, Scale, Y, Centre, "baseline");
        Series(svg, values, v => v.Check.Value, Scale, Y, Centre, "candidate");
        for (var i = 0; i < values.Count; i++)
        {
            var check = values[i].Check;
            var bound = Format.CheckBound(check.Metric, check.Comparison, check.Threshold);
            if (check.Baseline is { } baseline)
                svg.Circle(Centre(i), Y(Scale(baseline)), 3, "pt baseline-pt", $"{values[i].Phase}: baseline {Format.CheckValue(check.Metric, baseline)}");
            if (check.Value is { } value && !double.IsNaN(value))
            {
                svg.Circle(Centre(i), Y(Scale(value)), 5, "pt v-" + Css(check.Verdict),
                        $"{values[i].Phase}: {check.Colour} {Format.CheckValue(check.Metric, value)} ({check.Verdict}, bound {bound})")
                    .Text(Centre(i) + 8, Y(Scale(value)) - 6, Format.CheckValue(check.Metric, value), "value");
            }
            else
            {
                svg.Text(Centre(i), top + plotHeight - 6, $"no data ({check.Verdict})", "axis", "middle");
            }
        }
        return svg.ToString();
    }

    /// <summary>The check of each phase that judged <paramref name="metric"/> for the candidate (the last one when a phase has several).</summary>
    public static IReadOnlyList<PhaseValue> PhaseValues(RolloutReport rollout, string metric) =>
        rollout.Phases
            .Select(phase => rollout.Checks.Where(c => c.Phase == phase && c.Metric == metric).ToArray() is var checks && checks.Length > 0
                ? new PhaseValue(phase, checks.LastOrDefault(c => c.Colour == rollout.Candidate) ?? checks[^1])
                : null)
            .OfType<PhaseValue>()
            .ToArray();

    /// <summary>A phase fails when one of its checks failed, passes when all passed, and is otherwise inconclusive.</summary>
    private static string Worst(IEnumerable<string> verdicts)
    {
        var all = verdicts.ToArray();
        return all.Contains(AnalysisCheck.Fail) ? AnalysisCheck.Fail
            : all.Length > 0 && all.All(v => v == AnalysisCheck.Pass) ? AnalysisCheck.Pass
            : AnalysisCheck.Inconclusive;
    }

    private static void Series(Svg svg, IReadOnlyList<PhaseValue> values, Func<PhaseValue, double?> pick, Func<double, double> scale,
        Func<double, double> y, Func<int, double> centre, string cssClass)
    {
        // a phase without a value breaks the line rather than bridging it
        var run = new List<(double X, double Y)>();
        for (var i = 0; i <= values.Count; i++)
        {
            if (i < values.Count && pick(values[i]) is { } v && !double.IsNaN(v))
            {
                run.Add((centre(i), y(scale(v))));
                continue;
            }
            svg.Polyline(run, cssClass);
            run = [];
        }
    }
}
