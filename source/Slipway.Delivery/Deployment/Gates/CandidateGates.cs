using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Slipway.Delivery.Deployment.Containers;

namespace Slipway.Delivery.Deployment.Gates;

/// <summary>
/// The gates a candidate must pass before it takes traffic, all within one deadline: healthy (the image's
/// HEALTHCHECK), ready (<c>GET /v2/health/ready</c>) and a smoke inference that matches the model's metadata.
/// </summary>
public sealed class CandidateGates(IDockerClient docker, string container, Uri baseAddress, string model)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Waits for the HEALTHCHECK to report healthy; returns false when the image has no HEALTHCHECK.</summary>
    public async Task<bool> WaitHealthyAsync(Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var inspect = await docker.Containers.InspectContainerAsync(container, cancellationToken).ConfigureAwait(false);
            ThrowIfExited(inspect.State);
            var health = inspect.State!.Health;
            if (health is null || string.IsNullOrEmpty(health.Status) || health.Status == "none")
            {
                return false;
            }

            if (health.Status == "healthy")
            {
                return true;
            }

            if (health.Status == "unhealthy")
            {
                var last = health.Log?.LastOrDefault();
                throw new GateFailedException("healthy",
                    $"The candidate '{container}' is unhealthy: its HEALTHCHECK failed {health.FailingStreak} time(s) in a row" +
                    (last is null ? "." : $" (last exit {last.ExitCode}: {last.Output?.Trim()})."));
            }

            ThrowIfLate(clock, timeout, "healthy", $"its HEALTHCHECK still says '{health.Status}'");
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task WaitReadyAsync(Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var last = "no answer yet";
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri(baseAddress, "v2/health/ready"), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "timed out";
            }

            var inspect = await docker.Containers.InspectContainerAsync(container, cancellationToken).ConfigureAwait(false);
            ThrowIfExited(inspect.State);
            ThrowIfLate(clock, timeout, "ready", $"GET {baseAddress}v2/health/ready last gave: {last}");
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one inference built from the model's metadata; throws naming every mismatch in the response.</summary>
    public Task SmokeAsync(CancellationToken cancellationToken = default) => SmokeAsync(baseAddress, model, cancellationToken);

    public static async Task SmokeAsync(Uri baseAddress, string model, CancellationToken cancellationToken = default)
    {
        var metadataUri = new Uri(baseAddress, $"v2/models/{Uri.EscapeDataString(model)}");
        using var metadataResponse = await Http.GetAsync(metadataUri, cancellationToken).ConfigureAwait(false);
        var metadataText = await metadataResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (metadataResponse.StatusCode != HttpStatusCode.OK || SmokeInference.Parse(metadataText) is not JsonObject metadata)
        {
            throw new GateFailedException("smoke",
                $"GET {metadataUri} answered HTTP {(int)metadataResponse.StatusCode} ({Shorten(metadataText)}); expected the metadata of model '{model}'. Is '{model}' the model the image serves?");
        }

        var inferUri = new Uri(baseAddress, $"v2/models/{Uri.EscapeDataString(model)}/infer");
        using var content = SmokeInference.Json(SmokeInference.RequestBody(metadataText));
        using var inferResponse = await Http.PostAsync(inferUri, content, cancellationToken).ConfigureAwait(false);
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

    private void ThrowIfExited(Docker.DotNet.Models.State? state)
    {
        if (state is null || !state.Running)
        {
            throw new GateFailedException("start",
                $"The candidate '{container}' stopped on start (status '{state?.Status}', exit code {state?.ExitCode.ToString(CultureInfo.InvariantCulture)}" +
                (state?.OOMKilled == true ? ", killed for lack of memory" : "") + (string.IsNullOrEmpty(state?.Error) ? ")." : $", {state.Error})."));
        }
    }

    private void ThrowIfLate(Stopwatch clock, TimeSpan timeout, string gate, string detail)
    {
        if (clock.Elapsed > timeout)
        {
            throw new GateFailedException(gate,
                $"The candidate '{container}' did not become {gate} within the gate timeout of {timeout.TotalSeconds:0} s: {detail}.");
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
