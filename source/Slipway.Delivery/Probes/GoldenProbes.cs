using System.Globalization;
using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Probes;

/// <summary>
/// The golden-output gate: sends fixed probes straight to a candidate (not through the edge) and compares its outputs with
/// the references recorded for the same model files. Same digest and other outputs is a rejection (a tokenizer bug, a code
/// change that alters embeddings); other files are a new model, whose outputs become its references. Immutable;
/// <c>With…</c> returns a copy.
/// </summary>
public sealed class GoldenProbes
{
    public const string RecordCommand = "./build.sh RecordProbes";

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <param name="http">Its own timeout is not used; each request gets <see cref="RequestTimeout"/>.</param>
    public GoldenProbes(HttpClient? http = null, TimeProvider? time = null)
    {
        _http = http ?? ProbeClient.SharedHttp;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The API key the probes send, when the services have keys.</summary>
    public string? ApiKey { get; init; }

    /// <summary>How long one probe request may take.</summary>
    public TimeSpan RequestTimeout { get; private init; } = DefaultRequestTimeout;

    public GoldenProbes WithRequestTimeout(TimeSpan timeout) =>
        timeout > TimeSpan.Zero
            ? new GoldenProbes(_http, _time) { RequestTimeout = timeout, ApiKey = ApiKey }
            : throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The probe request timeout must be positive, e.g. 30 s.");

    /// <summary>
    /// Checks the candidate at <paramref name="service"/>; for a new model its probes are the default for the candidate's metadata.
    /// See <see cref="CheckAsync(Uri, ModelVersion, ProbeReferences?, Uri?, ProbeSet?, CancellationToken)"/>.
    /// </summary>
    public Task<ProbeResult> CheckAsync(Uri service, ModelVersion model, ProbeReferences? references, Uri? baseline, CancellationToken cancellationToken = default) =>
        CheckAsync(service, model, references, baseline, null, cancellationToken);

    /// <summary>
    /// Same digest as <paramref name="references"/>: sends the recorded probes and compares (<see cref="ProbeVerdict.Passed"/> or
    /// <see cref="ProbeVerdict.Rejected"/>). Another digest or no references: sends <paramref name="probes"/> (else the default
    /// for the candidate's metadata), returns its outputs as <see cref="ProbeResult.NewReferences"/> and, with a
    /// <paramref name="baseline"/>, their cosine similarity to the baseline's (<see cref="ProbeVerdict.NewModel"/>). A request
    /// to the candidate that fails or answers non-2xx is a rejection naming the status and body.
    /// </summary>
    /// <param name="model">The candidate's model; <see cref="ModelVersion.Sha256"/> must be its <see cref="Models.ModelDigest"/>.</param>
    /// <param name="baseline">The service taking traffic now, asked for the same probes (any version it serves).</param>
    public async Task<ProbeResult> CheckAsync(
        Uri service, ModelVersion model, ProbeReferences? references, Uri? baseline, ProbeSet? probes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(model);
        if (string.IsNullOrWhiteSpace(model.Sha256))
        {
            throw new ArgumentException(
                $"Model '{model.Name}' version '{model.Version}' has no digest, so the probes cannot tell whether the references apply. " +
                "Pass new ModelVersion(name, version, ModelDigest.Compute(manifest)).", nameof(model));
        }

        if (references is not null && references.Model != model.Name)
        {
            throw new ArgumentException(
                $"The probe references are for model '{references.Model}', not '{model.Name}'. Pass the probes.json beside '{model.Name}/{model.Version}/model.json'.", nameof(references));
        }

        var client = new ProbeClient(_http, RequestTimeout, ApiKey);
        return references is not null && string.Equals(references.ModelDigest, model.Sha256, StringComparison.OrdinalIgnoreCase)
            ? await CompareAsync(client, service, model, references, cancellationToken).ConfigureAwait(false)
            : await RecordNewAsync(client, service, model, references, baseline, probes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The candidate's outputs for <paramref name="probes"/> as references of its digest, or why they could not be had.</summary>
    internal static async Task<(ProbeReferences? References, string? Failure)> RecordAsync(
        ProbeClient client, Uri service, ModelVersion model, ProbeSet probes, ProbeTolerance tolerance, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        var recorded = new List<ProbeReference>();
        foreach (var probe in probes.Probes)
        {
            var answer = await client.InferAsync(service, model.Name, model.Version, probe, cancellationToken).ConfigureAwait(false);
            if (answer.Outputs is null)
            {
                return (null, $"probe '{probe.Id}' ({probe.Describe()}): {answer.Failure}");
            }

            recorded.Add(new ProbeReference(probe.Id, probe.Inputs, answer.Outputs));
        }

        return (new ProbeReferences
        {
            Model = model.Name,
            Version = model.Version,
            ModelDigest = model.Sha256!.ToLowerInvariant(),
            // whole seconds: the file is read by people, and the instant is only a note
            RecordedAt = new DateTimeOffset(recordedAt.UtcTicks - recordedAt.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero),
            Tolerance = tolerance,
            Probes = recorded,
        }, null);
    }

    private static async Task<ProbeResult> CompareAsync(ProbeClient client, Uri service, ModelVersion model, ProbeReferences references, CancellationToken cancellationToken)
    {
        var comparisons = new List<ProbeComparison>();
        foreach (var reference in references.Probes)
        {
            var answer = await client.InferAsync(service, model.Name, model.Version, reference.Probe, cancellationToken).ConfigureAwait(false);
            if (answer.Outputs is null)
            {
                return Result(ProbeVerdict.Rejected, model, references, comparisons, references.Probes.Count,
                    $"Golden probe '{reference.Id}' ({reference.Probe.Describe()}) of model '{model.Name}' version '{model.Version}' could not be sent to the candidate at {service}: {answer.Failure}.");
            }

            comparisons.Add(ProbeComparer.Compare(reference, answer.Outputs, references.Tolerance));
        }

        var failed = comparisons.Where(c => !c.Passed).ToArray();
        if (failed.Length == 0)
        {
            return Result(ProbeVerdict.Passed, model, references, comparisons, comparisons.Count,
                $"All {comparisons.Count} golden probes of model '{model.Name}' version '{model.Version}' (digest {Short(model.Sha256)}) match the references " +
                $"within {ProbeComparer.Number(references.Tolerance.Absolute)} per element; lowest cosine similarity {Cosine(comparisons.Min(c => c.Cosine))}.");
        }

        var details = failed.Select(c =>
        {
            var probe = references.Probes.First(p => p.Id == c.Id).Probe;
            var cosine = c.Cosine is { } value && c.Problem?.Contains("cosine", StringComparison.Ordinal) != true
                ? $"; cosine similarity {ProbeComparer.Cosine(value)} (minimum {ProbeComparer.Cosine(references.Tolerance.MinCosine)})"
                : "";
            return $"Probe '{c.Id}' ({probe.Describe()}): {c.Problem}{cosine}";
        });
        return Result(ProbeVerdict.Rejected, model, references, comparisons, comparisons.Count,
            $"Golden probes of model '{model.Name}' version '{model.Version}' (digest {Short(model.Sha256)}) give other outputs than the references recorded " +
            $"{references.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} from the same model files: {failed.Length} of {comparisons.Count} probes differ. " +
            string.Join(". ", details) + ". " +
            "The same files should give the same outputs: look for a change in tokenization, pooling, normalisation or the runtime. " +
            $"If the change is intended, record the references again with '{RecordCommand}' and commit models/{model.Name}/{model.Version}/{ProbeReferencesFile.FileName}.");
    }

    private async Task<ProbeResult> RecordNewAsync(
        ProbeClient client, Uri service, ModelVersion model, ProbeReferences? references, Uri? baseline, ProbeSet? probes, CancellationToken cancellationToken)
    {
        if (probes is null)
        {
            var (metadata, failure) = await client.MetadataAsync(service, model.Name, model.Version, cancellationToken).ConfigureAwait(false);
            if (metadata is null)
            {
                return Result(ProbeVerdict.Rejected, model, references, [], 0,
                    $"The golden probes of model '{model.Name}' version '{model.Version}' could not be built from the candidate's metadata: {failure}.");
            }

            probes = ProbeSet.For(metadata);
        }

        var tolerance = references?.Tolerance ?? ProbeTolerance.Default;
        var (recorded, problem) = await RecordAsync(client, service, model, probes, tolerance, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (recorded is null)
        {
            return Result(ProbeVerdict.Rejected, model, references, [], probes.Probes.Count,
                $"Golden probes of model '{model.Name}' version '{model.Version}' could not be sent to the candidate at {service}: {problem}.");
        }

        var similarity = baseline is null ? null : await CompareWithBaselineAsync(client, baseline, model.Name, recorded, cancellationToken).ConfigureAwait(false);
        var why = references is null
            ? "there are no references for it"
            : $"its digest {Short(model.Sha256)} differs from the references' {Short(references.ModelDigest)} (version '{references.Version}')";
        var moved = similarity switch
        {
            null => "No baseline was given to compare with.",
            { MinCosine: { } min, MeanCosine: { } mean } => $"Cosine similarity to the baseline at {similarity.Baseline}: lowest {Cosine(min)}, mean {Cosine(mean)}.",
            _ => $"No similarity to the baseline at {similarity.Baseline}: {similarity.Problem}.",
        };
        return Result(ProbeVerdict.NewModel, model, references, [], recorded.Probes.Count,
            $"Model '{model.Name}' version '{model.Version}' is a new model for the golden probes: {why}. " +
            $"Recorded the outputs of its {recorded.Probes.Count} probes as its new references. {moved}") with
        {
            NewReferences = recorded,
            Baseline = similarity,
        };
    }

    private static async Task<BaselineSimilarity> CompareWithBaselineAsync(
        ProbeClient client, Uri baseline, string model, ProbeReferences candidate, CancellationToken cancellationToken)
    {
        var probes = new List<ProbeSimilarity>();
        foreach (var reference in candidate.Probes)
        {
            var answer = await client.InferAsync(baseline, model, null, reference.Probe, cancellationToken).ConfigureAwait(false);
            if (answer.Outputs is null)
            {
                return new BaselineSimilarity { Baseline = baseline, Probes = probes, Problem = $"probe '{reference.Id}' on the baseline: {answer.Failure}" };
            }

            var pairs = reference.Outputs
                .Select(output => (Output: output, Baseline: answer.Outputs.FirstOrDefault(b => b.Name == output.Name)))
                .Where(pair => pair.Baseline is not null)
                .ToArray();
            var cosines = pairs.Select(pair => ProbeComparer.MinRowCosine(pair.Baseline!, pair.Output)).ToArray();
            var comparison = ProbeComparer.Compare(new ProbeReference(reference.Id, reference.Inputs, answer.Outputs), reference.Outputs, ProbeTolerance.Default);
            probes.Add(new ProbeSimilarity(reference.Id, cosines.Length > 0 && cosines.All(c => c is not null) ? cosines.Min() : null, comparison.MaxAbsDiff));
        }

        var known = probes.Where(p => p.Cosine is not null).Select(p => p.Cosine!.Value).ToArray();
        return known.Length == 0
            ? new BaselineSimilarity { Baseline = baseline, Probes = probes, Problem = "the baseline's outputs differ in name, datatype or shape, so no cosine similarity applies" }
            : new BaselineSimilarity { Baseline = baseline, Probes = probes, MinCosine = known.Min(), MeanCosine = known.Average() };
    }

    private static ProbeResult Result(
        ProbeVerdict verdict, ModelVersion model, ProbeReferences? references, IReadOnlyList<ProbeComparison> comparisons, int probeCount, string message) => new()
    {
        Verdict = verdict,
        Model = model.Name,
        Version = model.Version,
        ModelDigest = model.Sha256!.ToLowerInvariant(),
        ReferenceDigest = references?.ModelDigest,
        Message = message,
        ProbeCount = probeCount,
        Comparisons = comparisons,
    };

    private static string Short(string? digest) => digest is null ? "none" : digest[..Math.Min(12, digest.Length)] + "…";

    private static string Cosine(double? value) => value is null ? "n/a" : ProbeComparer.Cosine(value.Value);
}
