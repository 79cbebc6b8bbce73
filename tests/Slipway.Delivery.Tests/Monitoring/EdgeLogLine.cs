using System.Globalization;
using Slipway.Delivery.Analysis;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>A metric line exactly as nginx sends it over syslog: <c>&lt;190&gt;Dec  2 04:20:00 slipway_edge: </c> and <see cref="EdgeMetrics.LogFormat"/>.</summary>
public static class EdgeLogLine
{
    public static readonly DateTime At = new(2026, 12, 2, 4, 20, 0, DateTimeKind.Utc);

    /// <param name="time">nginx's <c>$request_time</c>: seconds with milliseconds.</param>
    public static string Format(string colour, int status, double time, DateTime? at = null)
    {
        var when = at ?? At;
        // syslog's timestamp: "%b %e %H:%M:%S", the day padded with a space
        var timestamp = when.ToString("MMM", CultureInfo.InvariantCulture) + " " + when.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + " " + when.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var message = EdgeMetrics.LogFormat
            .Replace("$slipway_colour", colour, StringComparison.Ordinal)
            .Replace("$slipway_status", status.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("$request_time", time.ToString("0.000", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return $"<190>{timestamp} {EdgeMetrics.SyslogTag}: {message}";
    }
}
