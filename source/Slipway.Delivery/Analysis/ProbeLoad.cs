using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Serilog;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Deployment.Gates;

namespace Slipway.Delivery.Analysis;

/// <summary>
/// The bounded probe load a deploy drives through the edge while its analysis windows run, so a fresh environment with
/// no users still gives the analysis a sample: the smoke test's valid infer request at a fixed rate, at most 16 in
/// flight. Real traffic adds to it. Counts what it sent and what failed, by the colour that answered.
/// </summary>
public sealed class ProbeLoad : IAsyncDisposable
{
    private const int MaxInFlight = 16;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private readonly ConcurrentDictionary<string, int> _answered = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly string? _apiKey;
    private int _sent;
    private int _failed;

    private ProbeLoad(Uri edge, string model, string body, double perSecond, ILogger log, string? apiKey = null)
    {
        _apiKey = apiKey;
        _loop = Task.Run(() => RunAsync(new Uri(edge, $"v2/models/{Uri.EscapeDataString(model)}/infer"), body, perSecond, log));
    }

    /// <summary>
    /// Starts the load: reads the model's metadata through the edge once to build the request, then sends
    /// <paramref name="perSecond"/> requests a second until stopped. Zero: no load (an object that sends nothing).
    /// </summary>
    public static async Task<ProbeLoad> StartAsync(Uri edge, string model, double perSecond, ILogger log, string? apiKey = null, CancellationToken cancellationToken = default)
    {
        if (perSecond <= 0)
            return new ProbeLoad(edge, model, "", 0, log);
        using var metadataRequest = ServiceRequest.Get(new Uri(edge, $"v2/models/{Uri.EscapeDataString(model)}"), apiKey);
        using var metadata = await Http.SendAsync(metadataRequest, cancellationToken).ConfigureAwait(false);
        var text = await metadata.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (metadata.StatusCode != HttpStatusCode.OK)
            throw new GateFailedException("analysis", $"The probe load could not read the metadata of model '{model}' through the edge {edge}: HTTP {(int)metadata.StatusCode} {text}");
        log.Information("Probe load: {Rate} requests/s to model {Model} through {Edge}", perSecond, model, edge);
        return new ProbeLoad(edge, model, SmokeInference.RequestBody(text), perSecond, log, apiKey);
    }

    public int Sent => _sent;

    public int Failed => _failed;

    /// <summary>Answers by colour (the edge's colour header; "none" when the edge answered itself).</summary>
    public IReadOnlyDictionary<string, int> AnsweredBy => new Dictionary<string, int>(_answered);

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(Uri infer, string body, double perSecond, ILogger log)
    {
        if (perSecond <= 0)
            return;
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        try
        {
            for (long next = 0; !_stop.IsCancellationRequested; next++)
            {
                var due = interval * next - clock.Elapsed;
                if (due > TimeSpan.Zero)
                    await Task.Delay(due, _stop.Token).ConfigureAwait(false);
                if (!await inFlight.WaitAsync(0).ConfigureAwait(false))
                    continue; // bounded: a slow version is not buried under a backlog
                pending.RemoveAll(task => task.IsCompleted);
                pending.Add(SendAsync(infer, body, inFlight));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        log.Information("Probe load stopped: {Sent} sent, {Failed} failed, answered by {Colours}", _sent, _failed, string.Join(", ", AnsweredBy.Select(pair => $"{pair.Key}={pair.Value}")));
    }

    private async Task SendAsync(Uri infer, string body, SemaphoreSlim inFlight)
    {
        try
        {
            Interlocked.Increment(ref _sent);
            using var content = SmokeInference.Json(body);
            using var request = ServiceRequest.Post(infer, content, _apiKey);
            using var response = await Http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
            var colour = response.Headers.TryGetValues(NginxConfig.ColourHeader, out var values) ? values.FirstOrDefault() ?? "none" : "none";
            _answered.AddOrUpdate(colour, 1, (_, count) => count + 1);
            if ((int)response.StatusCode >= 500)
                Interlocked.Increment(ref _failed);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            inFlight.Release();
        }
    }
}
