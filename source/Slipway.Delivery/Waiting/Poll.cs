using System.Diagnostics;

namespace Slipway.Delivery.Waiting;

/// <summary>
/// A wait primitive: asks a probe at a fixed interval until it answers, the probe throws, the deadline passes (then the
/// timeout's exception, built from the probe's last word) or the caller cancels. The candidate gates and the test
/// suites' leak check wait with it.
/// </summary>
public static class Poll
{
    /// <param name="probe">Returns a result when the wait is over, else null and a word on why not (kept for the timeout message).</param>
    /// <param name="timeout">Built when the deadline passes, from the probe's last word.</param>
    public static async Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<(T? Result, string Status)>> probe,
        TimeSpan interval,
        TimeSpan deadline,
        Func<string, Exception> timeout,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(timeout);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (result, status) = await probe(cancellationToken).ConfigureAwait(false);
            if (result is not null)
                return result;
            if (clock.Elapsed >= deadline)
                throw timeout(status);
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
