using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// Drives infer requests through the edge from several concurrent clients until stopped, recording each
/// request's start, latency, outcome and the colour that answered.
/// </summary>
public sealed class ContinuousLoad : IAsyncDisposable
{
    private readonly ConcurrentQueue<LoadSample> _samples = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ContinuousLoad(Uri edge, string path, string body, int clients = 4)
    {
        _workers = Enumerable.Range(0, clients).Select(_ => Task.Run(() => RunAsync(edge, path, body))).ToArray();
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<LoadSample> Samples => [.. _samples];

    public async Task<IReadOnlyList<LoadSample>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return Samples;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(Uri edge, string path, string body)
    {
        // A client as a user would write it: pooled keep-alive connections, no retries.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var uri = new Uri(edge, path);
        while (!_stop.IsCancellationRequested)
        {
            var started = _clock.Elapsed;
            string? colour = null;
            string? error = null;
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(uri, content);
                await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    colour = response.Headers.TryGetValues("X-Slipway-Colour", out var values) ? values.FirstOrDefault() : null;
                }
                else
                {
                    error = $"HTTP {(int)response.StatusCode}";
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
            {
                error = exception.GetType().Name + ": " + exception.Message;
            }

            _samples.Enqueue(new LoadSample(started, _clock.Elapsed - started, colour, error));
        }
    }
}
