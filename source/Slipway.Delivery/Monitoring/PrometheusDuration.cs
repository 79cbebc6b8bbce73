using System.Globalization;

namespace Slipway.Delivery.Monitoring;

/// <summary>Durations in the form Prometheus and Alertmanager read (<c>6h</c>, <c>90s</c>, <c>500ms</c>): the largest unit that is exact.</summary>
internal static class PrometheusDuration
{
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A Prometheus duration cannot be negative.");
        var milliseconds = (long)Math.Round(duration.TotalMilliseconds);
        return milliseconds switch
        {
            0 => "0s",
            _ when milliseconds % 3_600_000 == 0 => Invariant(milliseconds / 3_600_000) + "h",
            _ when milliseconds % 60_000 == 0 => Invariant(milliseconds / 60_000) + "m",
            _ when milliseconds % 1_000 == 0 => Invariant(milliseconds / 1_000) + "s",
            _ => Invariant(milliseconds) + "ms",
        };
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
