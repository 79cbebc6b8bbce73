using System.Net;
using System.Text.Json;

namespace Slipway.Delivery.Monitoring;

/// <summary>The HTTP the monitoring clients and the stack's waits share: loopback only, never through a proxy, short timeouts.</summary>
internal static class MonitoringHttp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static HttpClient Shared { get; } = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = Timeout,
    };

    /// <summary>The base address of an HTTP API on an endpoint, with the trailing slash relative paths need.</summary>
    public static Uri BaseAddress(IPEndPoint endPoint) => new($"http://{endPoint}/");

    /// <summary>
    /// Sends a request and returns the status and body; a refused connection, a reset or a timeout becomes the
    /// exception <paramref name="unavailable"/> builds from a word on what happened.
    /// </summary>
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpClient http, HttpMethod method, Uri uri, Func<string, Exception?, Exception> unavailable, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(method, uri);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return (response.StatusCode, body);
        }
        catch (HttpRequestException exception)
        {
            throw unavailable(exception.Message, exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw unavailable($"it did not answer within {http.Timeout.TotalSeconds:0} s", exception);
        }
    }

    /// <summary>The body as JSON, or null when it is not JSON (something else answered on the port).</summary>
    public static JsonDocument? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The start of a body for an error message (an HTML page would drown it).</summary>
    public static string Excerpt(string body) => body.Length <= 200 ? body.Trim() : body[..200].Trim() + "…";
}
