using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Probes;

/// <summary>
/// Reads and writes <c>probes.json</c>: the one reader of the file. Writing is stable (indented, LF, invariant numbers that
/// round-trip, text unescaped where JSON allows), so recording the same outputs again gives the same bytes.
/// </summary>
public static class ProbeReferencesFile
{
    public const string FileName = "probes.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        // the references are read by people in a diff: "Übermäßige", not "\u00DCberm\u00E4\u00DFige"
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The path of the references beside a model's <c>model.json</c>.</summary>
    public static string PathBeside(string manifestPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, FileName);

    public static string Serialize(ProbeReferences references)
    {
        ArgumentNullException.ThrowIfNull(references);
        return JsonSerializer.Serialize(references, Options) + "\n";
    }

    public static async Task<ProbeReferences> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        ProbeReferences? references;
        try
        {
            references = await JsonSerializer.DeserializeAsync<ProbeReferences>(stream, Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"Probe references '{path}' are not valid: {exception.Message} Fix the file or record it again with './build.sh RecordProbes'.", exception);
        }

        var problems = references is null ? ["the file holds null"] : Check(references);
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"Probe references '{path}' are not valid: {string.Join("; ", problems)}. Record them again with './build.sh RecordProbes'.");
        }

        return references!;
    }

    public static async Task WriteAsync(string path, ProbeReferences references, CancellationToken cancellationToken = default)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, Serialize(references), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    private static List<string> Check(ProbeReferences references)
    {
        var problems = new List<string>();
        if (references.Probes.Count == 0)
        {
            problems.Add("'probes' is empty");
        }

        foreach (var duplicate in references.Probes.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"probe id '{duplicate.Key}' is used {duplicate.Count()} times");
        }

        foreach (var probe in references.Probes)
        {
            if (probe.Outputs.Count == 0)
            {
                problems.Add($"probe '{probe.Id}' has no outputs");
            }

            foreach (var output in probe.Outputs.Where(o => o.Data.Count != o.Shape.Aggregate(1L, (product, d) => product * d)))
            {
                problems.Add($"probe '{probe.Id}' output '{output.Name}' has {output.Data.Count} values for shape [{string.Join(", ", output.Shape)}]");
            }
        }

        if (!(references.Tolerance.Absolute >= 0) || !(references.Tolerance.MinCosine is >= -1 and <= 1))
        {
            problems.Add($"the tolerance (absolute {references.Tolerance.Absolute}, minCosine {references.Tolerance.MinCosine}) is out of range; absolute is 0 or more, minCosine between -1 and 1");
        }

        return problems;
    }
}
