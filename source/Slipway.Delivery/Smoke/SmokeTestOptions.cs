namespace Slipway.Delivery.Smoke;

/// <summary>
/// What the smoke test sends: <see cref="Requests"/> Open Inference Protocol requests to
/// <c>POST {Endpoint}/v2/models/{Model}/infer</c>. Immutable; <c>With…</c> methods return a copy.
/// </summary>
public sealed record SmokeTestOptions
{
    public static readonly IReadOnlyList<string> DefaultSentences =
    [
        "The deployment finished without errors.",
        "A quick brown fox jumps over the lazy dog.",
        "Inference latency is measured at the edge.",
        "Blue and green versions take turns serving traffic.",
    ];

    public SmokeTestOptions(Uri endpoint, string model)
    {
        Endpoint = endpoint;
        Model = model;
    }

    /// <summary>Base address of the edge, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public Uri Endpoint { get; init; }

    public string Model { get; init; }

    /// <summary>When set, requests go to <c>/v2/models/{Model}/versions/{ModelVersion}</c>.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>Measured requests.</summary>
    public int Requests { get; init; } = 100;

    /// <summary>Requests sent before measuring; they warm connections and caches and are not counted.</summary>
    public int WarmupRequests { get; init; } = 2;

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 1;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent, in turn, as the values of BYTES inputs.</summary>
    public IReadOnlyList<string> Sentences { get; init; } = DefaultSentences;

    /// <summary>The API key sent as <c>Authorization: Bearer</c>, when the service has keys; never serialized.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ApiKey { get; init; }

    public SmokeTestOptions WithApiKey(string? apiKey) => this with { ApiKey = apiKey };

    public SmokeTestOptions WithRequests(int requests) => this with { Requests = requests };

    public SmokeTestOptions WithWarmupRequests(int warmupRequests) => this with { WarmupRequests = warmupRequests };

    public SmokeTestOptions WithConcurrency(int concurrency) => this with { Concurrency = concurrency };

    public SmokeTestOptions WithModelVersion(string? modelVersion) => this with { ModelVersion = modelVersion };

    public SmokeTestOptions WithRequestTimeout(TimeSpan timeout) => this with { RequestTimeout = timeout };

    public SmokeTestOptions WithSentences(IReadOnlyList<string> sentences) => this with { Sentences = sentences };

    /// <summary>Path of the model below the endpoint, e.g. <c>v2/models/minilm/versions/1</c>.</summary>
    internal string ModelPath =>
        ModelVersion is null
            ? $"v2/models/{Uri.EscapeDataString(Model)}"
            : $"v2/models/{Uri.EscapeDataString(Model)}/versions/{Uri.EscapeDataString(ModelVersion)}";

    /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
            problems.Add($"Endpoint '{Endpoint}' is not an absolute http(s) address; pass the edge's base address, e.g. 'http://127.0.0.1:8080'.");
        if (string.IsNullOrWhiteSpace(Model))
            problems.Add("Model is empty; pass the model name the service serves (GET /v2/models/{name}).");
        if (Requests < 1)
            problems.Add($"Requests is {Requests}; it must be at least 1.");
        if (WarmupRequests < 0)
            problems.Add($"WarmupRequests is {WarmupRequests}; it must be 0 or more.");
        if (Concurrency < 1)
            problems.Add($"Concurrency is {Concurrency}; it must be at least 1.");
        if (RequestTimeout <= TimeSpan.Zero)
            problems.Add($"RequestTimeout is {RequestTimeout}; it must be positive.");
        if (Sentences.Count == 0 || Sentences.Any(string.IsNullOrEmpty))
            problems.Add("Sentences is empty or holds an empty sentence; give at least one non-empty sentence for BYTES inputs.");
        if (problems.Count > 0)
            throw new ArgumentException("The smoke test settings are invalid:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", problems));
    }
}
