using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Waiting;

namespace Slipway.Delivery.Deployment.Gates;

/// <summary>
/// The gates a candidate must pass before it takes traffic: ready (<c>GET /v2/health/ready</c> asked directly, failing at
/// once on an exit or an unhealthy HEALTHCHECK) within the gate timeout, then a smoke inference that matches the model's metadata.
/// </summary>
public sealed partial class CandidateGates(IDockerClient docker, string container, Uri baseAddress, string model, string? apiKey = null)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>How often the gate asks the candidate (Docker's HEALTHCHECK interval is 5 s; readiness is asked directly).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Asks <c>GET /v2/health/ready</c> about every 250 ms until it answers 200. In a round where it is not ready, fails at
    /// once when the candidate has exited or Docker reports its HEALTHCHECK unhealthy; it does not wait for Docker's first
    /// "healthy". (A ready answer wins over an unhealthy status from slow probes on a loaded machine.)
    /// Returns whether the image has a HEALTHCHECK.
    /// </summary>
    public async Task<bool> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var hasHealthCheck = false;
        await Poll.UntilAsync<object>(async ct =>
        {
            string answer;
            try
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
                probe.CancelAfter(TimeSpan.FromSeconds(5));
                using var response = await Http.GetAsync(new Uri(baseAddress, "v2/health/ready"), probe.Token).ConfigureAwait(false);
                answer = $"HTTP {(int)response.StatusCode}";
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    hasHealthCheck = HasHealthCheck((await docker.Containers.InspectContainerAsync(container, ct).ConfigureAwait(false)).State?.Health);
                    return (new object(), "ready");
                }
            }
            catch (HttpRequestException exception)
            {
                answer = exception.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                answer = "no answer within 5 s";
            }

            var inspect = await docker.Containers.InspectContainerAsync(container, ct).ConfigureAwait(false);
            ThrowIfExited(inspect.State);
            var health = inspect.State!.Health;
            hasHealthCheck = HasHealthCheck(health);
            if (health?.Status == "unhealthy")
            {
                var last = health.Log?.LastOrDefault();
                throw new GateFailedException("healthy",
                    $"The candidate '{container}' is unhealthy: its HEALTHCHECK failed {health.FailingStreak} time(s) in a row" +
                    (last is null ? "." : $" (last exit {last.ExitCode}: {last.Output?.Trim()})."));
            }

            return (null, answer + (hasHealthCheck ? $", HEALTHCHECK '{health!.Status}'" : string.Empty));
        }, Interval, timeout, last => new GateFailedException("ready",
            $"The candidate '{container}' did not become ready within the gate timeout of {timeout.TotalSeconds:0} s: GET {baseAddress}v2/health/ready last gave: {last}."),
            cancellationToken).ConfigureAwait(false);
        return hasHealthCheck;
    }

    /// <summary>Sends one inference built from the model's metadata; throws naming every mismatch in the response.</summary>
    public Task SmokeAsync(CancellationToken cancellationToken = default) => SmokeAsync(baseAddress, model, apiKey, cancellationToken);

    public static async Task SmokeAsync(Uri baseAddress, string model, string? apiKey = null, CancellationToken cancellationToken = default)
    {
        var metadataUri = new Uri(baseAddress, $"v2/models/{Uri.EscapeDataString(model)}");
        using var metadataRequest = ServiceRequest.Get(metadataUri, apiKey);
        using var metadataResponse = await Http.SendAsync(metadataRequest, cancellationToken).ConfigureAwait(false);
        var metadataText = await metadataResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (metadataResponse.StatusCode != HttpStatusCode.OK || SmokeInference.Parse(metadataText) is not JsonObject metadata)
        {
            throw new GateFailedException("smoke",
                $"GET {metadataUri} answered HTTP {(int)metadataResponse.StatusCode} ({Shorten(metadataText)}); expected the metadata of model '{model}'. Is '{model}' the model the image serves?");
        }

        var inferUri = new Uri(baseAddress, $"v2/models/{Uri.EscapeDataString(model)}/infer");
        using var content = SmokeInference.Json(SmokeInference.RequestBody(metadataText));
        using var inferRequest = ServiceRequest.Post(inferUri, content, apiKey);
        using var inferResponse = await Http.SendAsync(inferRequest, cancellationToken).ConfigureAwait(false);
        var inferText = await inferResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (inferResponse.StatusCode != HttpStatusCode.OK)
        {
            throw new GateFailedException("smoke", $"POST {inferUri} answered HTTP {(int)inferResponse.StatusCode}: {Shorten(inferText)}");
        }

        var problems = SmokeInference.Check(metadata, SmokeInference.Parse(inferText));
        if (problems.Count > 0)
        {
            throw new GateFailedException("smoke",
                $"The smoke inference on model '{model}' does not match the model's metadata: {string.Join("; ", problems)}.");
        }
    }

    /// <summary>
    /// Sends <paramref name="requests"/> of the smoke request straight to the candidate, two at a time, so the first answers
    /// of a fresh process (JIT, caches, the runtime's first batches) are not the ones users and the analysis see. A 5xx or
    /// a failed connection among them fails the gate.
    /// </summary>
    public async Task WarmUpAsync(int requests, CancellationToken cancellationToken = default)
    {
        if (requests <= 0)
            return;
        var metadataUri = new Uri(baseAddress, $"v2/models/{Uri.EscapeDataString(model)}");
        using var metadataRequest = ServiceRequest.Get(metadataUri, apiKey);
        using var metadataResponse = await Http.SendAsync(metadataRequest, cancellationToken).ConfigureAwait(false);
        metadataResponse.EnsureSuccessStatusCode();
        var body = SmokeInference.RequestBody(await metadataResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var inferUri = new Uri(baseAddress, $"v2/models/{Uri.EscapeDataString(model)}/infer");
        var sent = 0;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            while (Interlocked.Increment(ref sent) <= requests)
            {
                using var content = SmokeInference.Json(body);
                using var request = ServiceRequest.Post(inferUri, content, apiKey);
                using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode >= 500)
                    throw new GateFailedException("warm-up", $"POST {inferUri} answered HTTP {(int)response.StatusCode} during the warm-up: {Shorten(text)}");
            }
        })).ConfigureAwait(false);
    }

    private static bool HasHealthCheck(Docker.DotNet.Models.Health? health) =>
        health is not null && !string.IsNullOrEmpty(health.Status) && health.Status != "none";

    private void ThrowIfExited(Docker.DotNet.Models.State? state)
    {
        if (state is null || !state.Running)
        {
            throw new GateFailedException("start",
                $"The candidate '{container}' stopped on start (status '{state?.Status}', exit code {state?.ExitCode.ToString(CultureInfo.InvariantCulture)}" +
                (state?.OOMKilled == true ? ", killed for lack of memory" : "") + (string.IsNullOrEmpty(state?.Error) ? ")." : $", {state.Error})."));
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
