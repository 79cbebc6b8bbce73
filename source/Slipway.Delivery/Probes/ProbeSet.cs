using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Delivery.Models;
using Slipway.Delivery.Smoke;

namespace Slipway.Delivery.Probes;

/// <summary>
/// The fixed probes of a model: those its manifest lists, else the default of its kind. The same model always gets the
/// same probes, in the same order, with the same ids; nothing is random.
/// </summary>
public sealed record ProbeSet(string Model, string Source, IReadOnlyList<Probe> Probes)
{
    public const string FromManifest = "manifest";
    public const string TextEmbeddingDefault = "default text-embedding";
    public const string PatternDefault = "default pattern";

    /// <summary>How many probes the pattern default builds for models that do not take text.</summary>
    public const int PatternProbes = 3;

    /// <summary>
    /// The default text probes (id, text): non-ASCII scripts, accents, emoji, one word, and one text longer than the
    /// 256-token limit so that truncation is probed too.
    /// </summary>
    public static IReadOnlyList<(string Id, string Text)> DefaultTexts { get; } =
    [
        ("short", "ok"),
        ("english", "The deployment finished without errors."),
        ("german-umlauts", "Übermäßige Latenz beim Modell"),
        ("chinese", "模型推理服务"),
        ("accents", "café naïve résumé"),
        ("emoji", "Deploy succeeded 🚀✅"),
        ("long-truncated", string.Join(" ", Enumerable.Repeat("A long sentence about blue and green deployments, golden outputs and embeddings, repeated past the token limit.", 20))),
    ];

    private static readonly HashSet<string> KnownDatatypes =
        ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];

    /// <summary>
    /// The manifest's own probes when it lists any (checked against its inputs; every problem named in one
    /// <see cref="InvalidDataException"/>), else the default of its kind: <c>text-embedding</c> and <c>text-classification</c> get <see cref="DefaultTexts"/>,
    /// any other kind <see cref="PatternProbes"/> requests built from the input shapes by <see cref="InferenceRequestFactory"/>.
    /// </summary>
    public static ProbeSet For(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var inputs = manifest.Inputs.Select(i => new TensorMetadata(i.Name, i.Datatype, i.Shape)).ToArray();
        if (manifest.Probes is { Count: > 0 } listed)
        {
            var problems = Check(listed, inputs);
            if (problems.Count > 0)
            {
                throw new InvalidDataException(
                    $"The probes of model '{manifest.Name}' version '{manifest.Version}' in model.json cannot be sent: {string.Join("; ", problems)}. " +
                    "Give each probe a unique id of letters, digits, '.', '_' or '-' and one entry per model input, with data as a flat array of shape's size.");
            }

            return new ProbeSet(manifest.Name, FromManifest, listed);
        }

        var metadata = new ModelMetadata(manifest.Name, [manifest.Version], inputs, []);
        return manifest.Kind is "text-embedding" or "text-classification" ? TextProbes(metadata) : PatternProbesFor(metadata);
    }

    /// <summary>
    /// The default for a model known only by its metadata (<c>GET /v2/models/{m}</c>): text probes when it takes one BYTES
    /// input (the text-embedding contract), else pattern probes.
    /// </summary>
    public static ProbeSet For(ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.Inputs is [{ Datatype: "BYTES" }] ? TextProbes(metadata) : PatternProbesFor(metadata);
    }

    private static ProbeSet TextProbes(ModelMetadata metadata)
    {
        var input = metadata.Inputs.Single().Name;
        return new ProbeSet(metadata.Name, TextEmbeddingDefault, [.. DefaultTexts.Select(t => new Probe(t.Id, [ProbeInput.Text(input, t.Text)]))]);
    }

    private static ProbeSet PatternProbesFor(ModelMetadata metadata)
    {
        var probes = new List<Probe>();
        for (var index = 0; index < PatternProbes; index++)
        {
            var request = JsonNode.Parse(InferenceRequestFactory.Build(metadata, index, SmokeTestOptions.DefaultSentences))!;
            var inputs = request["inputs"]!.AsArray().Select(input => new ProbeInput(
                input!["name"]!.GetValue<string>(),
                input["datatype"]!.GetValue<string>(),
                [.. input["shape"]!.AsArray().Select(d => d!.GetValue<long>())],
                JsonSerializer.SerializeToElement(input["data"])));
            probes.Add(new Probe($"pattern-{index}", [.. inputs]));
        }

        return new ProbeSet(metadata.Name, PatternDefault, probes);
    }

    private static List<string> Check(IReadOnlyList<Probe> probes, IReadOnlyList<TensorMetadata> inputs)
    {
        var problems = new List<string>();
        foreach (var duplicate in probes.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"probe id '{duplicate.Key}' is used {duplicate.Count()} times");
        }

        for (var i = 0; i < probes.Count; i++)
        {
            var probe = probes[i];
            var name = string.IsNullOrEmpty(probe.Id) ? $"probes[{i}]" : $"probe '{probe.Id}'";
            if (string.IsNullOrEmpty(probe.Id) || !probe.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                problems.Add($"{name} has id '{probe.Id}'; ids are letters, digits, '.', '_' and '-'");
            }

            var given = probe.Inputs.Select(input => input.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var missing in inputs.Where(input => !given.Contains(input.Name)))
            {
                problems.Add($"{name} has no input '{missing.Name}'");
            }

            foreach (var input in probe.Inputs)
            {
                var expected = inputs.FirstOrDefault(spec => spec.Name == input.Name);
                if (expected is null)
                {
                    problems.Add($"{name} has input '{input.Name}', which the model does not take (its inputs: {string.Join(", ", inputs.Select(s => $"'{s.Name}'"))})");
                    continue;
                }

                if (!KnownDatatypes.Contains(input.Datatype) || !string.Equals(input.Datatype, expected.Datatype, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{name} input '{input.Name}' has datatype '{input.Datatype}'; the model takes '{expected.Datatype}'");
                }

                var elements = input.Shape.Aggregate(1L, (product, d) => product * d);
                if (input.Shape.Any(d => d < 0) || input.Shape.Count != expected.Shape.Count
                    || input.Shape.Where((d, k) => expected.Shape[k] >= 0 && expected.Shape[k] != d).Any())
                {
                    problems.Add($"{name} input '{input.Name}' has shape [{string.Join(", ", input.Shape)}]; the model takes [{string.Join(", ", expected.Shape)}] (-1: any size)");
                }
                else if (input.Data.ValueKind != JsonValueKind.Array || input.Data.GetArrayLength() != elements)
                {
                    var count = input.Data.ValueKind == JsonValueKind.Array ? $"{input.Data.GetArrayLength()} values" : $"a {input.Data.ValueKind}";
                    problems.Add($"{name} input '{input.Name}' has {count} as data; its shape needs a flat array of {elements}");
                }
            }
        }

        return problems;
    }
}
