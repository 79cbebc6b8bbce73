using System.Globalization;

namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>Human-readable figures, always in the invariant culture so reports do not depend on the machine's locale.</summary>
internal static class Format
{
    public const string Missing = "–";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Duration(double? milliseconds)
    {
        if (milliseconds is not { } ms || double.IsNaN(ms))
            return Missing;
        if (ms < 1000)
            return ms < 10 ? ms.ToString("0.#", Invariant) + " ms" : ms.ToString("0", Invariant) + " ms";
        var seconds = ms / 1000;
        if (seconds < 60)
            return seconds.ToString("0.0", Invariant) + " s";
        if (seconds < 3600)
            return string.Create(Invariant, $"{(int)(seconds / 60)} min {(int)(seconds % 60)} s");
        if (seconds < 48 * 3600)
            return string.Create(Invariant, $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60)} min");
        return (seconds / 86400).ToString("0.0", Invariant) + " d";
    }

    /// <summary>A duration axis label: "0", "500 ms", "30 s", "2 min", "1 min 30 s", "2 h".</summary>
    public static string AxisDuration(double ms)
    {
        if (ms == 0)
            return "0";
        if (ms < 1000)
            return ms.ToString("0.#", Invariant) + " ms";
        var seconds = ms / 1000;
        if (seconds < 60)
            return seconds.ToString("0.#", Invariant) + " s";
        if (seconds < 3600)
            return seconds % 60 == 0 ? string.Create(Invariant, $"{seconds / 60:0} min") : string.Create(Invariant, $"{(int)(seconds / 60)} min {seconds % 60:0} s");
        return seconds % 3600 == 0 ? string.Create(Invariant, $"{seconds / 3600:0} h") : string.Create(Invariant, $"{(int)(seconds / 3600)} h {seconds % 3600 / 60:0} min");
    }

    public static string Seconds(double? seconds) => Duration(seconds * 1000);

    public static string Bytes(long? bytes)
    {
        if (bytes is not { } b)
            return Missing;
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        double value = b;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? string.Create(Invariant, $"{b} B") : value.ToString("0.0", Invariant) + " " + units[unit];
    }

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", Invariant) + "%" : Missing;

    public static string Number(double? value, string format = "0.##") => value is { } v ? v.ToString(format, Invariant) : Missing;

    public static string Milliseconds(double value) => value.ToString(value < 10 ? "0.##" : "0.#", Invariant) + " ms";

    /// <summary>An analysis value in its metric's unit: a success rate as a percentage, a p99 (seconds) in milliseconds, requests as a whole number.</summary>
    public static string CheckValue(string metric, double? value)
    {
        if (value is not { } v || double.IsNaN(v))
            return Missing;
        return metric switch
        {
            CheckMetric.SuccessRate => (v * 100).ToString("0.0#", Invariant) + "%",
            CheckMetric.P99 => Milliseconds(v * 1000),
            CheckMetric.Requests => Math.Round(v).ToString("0", Invariant),
            _ => v.ToString("0.###", Invariant),
        };
    }

    /// <summary>A check's bound as it reads: "&gt;= 99.0%".</summary>
    public static string CheckBound(string metric, string comparison, double threshold) => comparison + " " + CheckValue(metric, threshold);

    public static string Date(DateTimeOffset? value) =>
        value is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", Invariant) + " UTC" : Missing;

    /// <summary>An image id or digest shortened the way docker prints it (12 hex digits, algorithm dropped).</summary>
    public static string ShortId(string? id)
    {
        if (string.IsNullOrEmpty(id))
            return Missing;
        var hex = id.Contains(':', StringComparison.Ordinal) ? id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..] : id;
        return hex.Length > 12 ? hex[..12] : hex;
    }

    public static string ShortCommit(string? commit) =>
        string.IsNullOrEmpty(commit) ? Missing : commit.Length > 10 ? commit[..10] : commit;

    /// <summary>Whether the ledger's hash chain holds, and from which line: the words beside its head.</summary>
    public static string ChainState(Model.LedgerChainReport chain) => chain switch
    {
        { Intact: false } => "broken: " + chain.FirstBreak,
        { Head: null } => "empty ledger",
        { StartLine: null } => $"line {chain.HeadLine.ToString(Invariant)}; not chained: every line was written before the ledger chained its lines",
        _ => $"line {chain.HeadLine.ToString(Invariant)}; {chain.VerifiedLines.ToString(Invariant)} lines verified from line {chain.StartLine!.Value.ToString(Invariant)}",
    };

    public static string FirstLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var line = text.ReplaceLineEndings("\n").Split('\n')[0];
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
