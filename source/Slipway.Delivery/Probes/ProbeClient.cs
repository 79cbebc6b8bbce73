using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Slipway.Delivery.Smoke;

namespace Slipway.Delivery.Probes;

/// <summary>
/// Sends probes to one service directly (never through the edge) and reads their outputs: the one HTTP path of the
/// gate and the recorder. Every failure comes back as words (<see cref="ProbeAnswer.Failure"/>), not as an exception.
/// </summary>
internal sealed class ProbeClient(HttpClient http, TimeSpan timeout, string? apiKey = null)
{
    /// <summary>No proxy: the candidate listens on 127.0.0.1, and a proxy from the environment must not see it. Timeouts are per request.</summary>
    public static readonly HttpClient SharedHttp = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private const int MaxBodyExcerpt = 300;

    // UTF-8 on the wire as it is, so a service that reads the bytes sees "模型推理服务", not only its \u escapes
    private static readonly JsonSerializerOptions RequestOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Sends one probe as one infer request; <paramref name="version"/> null asks for the version the service picks.</summary>
    public async Task<ProbeAnswer> InferAsync(Uri service, string model, string? version, Probe probe, CancellationToken cancellationToken)
    {
        var uri = new Uri(WithSlash(service), ModelPath(model, version) + "/infer");
        using var content = new StringContent(JsonSerializer.Serialize(probe, RequestOptions), Encoding.UTF8, "application/json");
        var (status, body, failure) = await SendAsync(uri, () => Deployment.Gates.ServiceRequest.Post(uri, content, apiKey), cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return new ProbeAnswer(null, failure);
        }

        return status == HttpStatusCode.OK ? ParseOutputs(uri, body) : new ProbeAnswer(null, $"POST {uri} answered HTTP {(int)status}: {Excerpt(body)}");
    }

    /// <summary>The model's metadata (<c>GET /v2/models/{m}[/versions/{v}]</c>), or why it could not be read.</summary>
    public async Task<(ModelMetadata? Metadata, string? Failure)> MetadataAsync(Uri service, string model, string? version, CancellationToken cancellationToken)
    {
        var uri = new Uri(WithSlash(service), ModelPath(model, version));
        var (status, body, failure) = await SendAsync(uri, () => Deployment.Gates.ServiceRequest.Get(uri, apiKey), cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return (null, failure);
        }

        if (status != HttpStatusCode.OK)
        {
            return (null, $"GET {uri} answered HTTP {(int)status}: {Excerpt(body)}");
        }

        try
        {
            return (InferenceRequestFactory.ParseMetadata(body), null);
        }
        catch (InvalidDataException exception)
        {
            return (null, $"GET {uri}: {exception.Message}");
        }
    }

    private async Task<(HttpStatusCode Status, string Body, string? Failure)> SendAsync(Uri uri, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var message = request();
        try
        {
            using var response = await http.SendAsync(message, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            return (response.StatusCode, body, null);
        }
        catch (HttpRequestException exception)
        {
            return (default, "", $"{message.Method} {uri} failed: {exception.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (default, "", $"{message.Method} {uri} gave no answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
    }

    private static ProbeAnswer ParseOutputs(Uri uri, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return new ProbeAnswer(null, $"POST {uri} answered a body that is not JSON ({exception.Message}): {Excerpt(body)}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
            {
                return new ProbeAnswer(null, $"POST {uri} answered no 'outputs' array: {Excerpt(body)}");
            }

            var parsed = new List<ProbeOutput>();
            foreach (var output in outputs.EnumerateArray())
            {
                var name = output.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
                var datatype = output.TryGetProperty("datatype", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
                if (!output.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
                    || shapeElement.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var dim) || dim < 0))
                {
                    return new ProbeAnswer(null, $"POST {uri} answered output '{name}' without a shape of whole numbers");
                }

                if (datatype == "BYTES")
                {
                    // strings (a classifier's label) follow from the numbers they are derived from, which are compared
                    continue;
                }

                long[] shape = [.. shapeElement.EnumerateArray().Select(e => e.GetInt64())];
                var values = new List<double>();
                var problem = output.TryGetProperty("data", out var data) ? Flatten(data, values) : "it has no 'data'";
                if (problem is null && values.Count != shape.Aggregate(1L, (product, dim) => product * dim))
                {
                    problem = $"it carries {values.Count} values for shape [{string.Join(", ", shape)}]";
                }

                if (problem is not null)
                {
                    return new ProbeAnswer(null, $"POST {uri} answered output '{name}' ({datatype}) that cannot be compared: {problem}");
                }

                parsed.Add(new ProbeOutput(name, datatype, shape, values));
            }

            return new ProbeAnswer([.. parsed.OrderBy(o => o.Name, StringComparer.Ordinal)], null);
        }
    }

    /// <summary>Appends the numbers of flat or nested data; BOOL as 0/1, "NaN"/"Infinity"/"-Infinity" as such. Null, or what is not a number.</summary>
    private static string? Flatten(JsonElement data, List<double> values)
    {
        switch (data.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var element in data.EnumerateArray())
                {
                    if (Flatten(element, values) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Number:
                values.Add(data.GetDouble());
                return null;
            case JsonValueKind.True or JsonValueKind.False:
                values.Add(data.GetBoolean() ? 1 : 0);
                return null;
            case JsonValueKind.String when data.GetString() is "NaN" or "Infinity" or "-Infinity":
                values.Add(data.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity });
                return null;
            default:
                return $"it holds {(data.ValueKind == JsonValueKind.String ? "strings" : data.ValueKind.ToString())}; golden probes compare numbers only";
        }
    }

    private static string ModelPath(string model, string? version) =>
        version is null
            ? $"v2/models/{Uri.EscapeDataString(model)}"
            : $"v2/models/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}";

    private static Uri WithSlash(Uri service) =>
        service.AbsoluteUri.EndsWith('/') ? service : new Uri(service.AbsoluteUri + "/");

    private static string Excerpt(string text) =>
        text.Length <= MaxBodyExcerpt ? text : text[..MaxBodyExcerpt] + "…";
}
