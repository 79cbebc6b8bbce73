using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Tooling.Records;

/// <summary>
/// The record of a run, <c>.nuke/temp/run.json</c>, as the engine writes it after every target and at the end: invocation,
/// parameters (secrets redacted), outcome and each target. <see cref="ReadAsync"/> is its one reader, used by the engine's
/// <c>--continue</c> and by the report.
/// </summary>
public sealed record RunDocument
{
    public const string FileName = "run.json";

    /// <summary>camelCase, indented, statuses by name; read-only, shared by the writer and <see cref="ReadAsync"/>.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    public int SchemaVersion { get; init; } = 1;
    public required InvocationDocument Invocation { get; init; }
    /// <summary>Parameter name → value as text; secret ones masked, null when unset.</summary>
    public IReadOnlyDictionary<string, string?> Parameters { get; init; } = new Dictionary<string, string?>();
    /// <summary>Running, Succeeded, Failed or Aborted.</summary>
    public required string Outcome { get; init; }
    public IReadOnlyList<TargetDocument> Targets { get; init; } = [];

    /// <summary>Reads a <c>run.json</c> written by the engine.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>: no run has been recorded there.</exception>
    /// <exception cref="InvalidDataException">The file is not a run record (cut short, hand-edited, another format).</exception>
    public static async Task<RunDocument> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"No run record at '{path}': the engine writes it during every run. Run the pipeline (./build.sh <Target>) to write it.", path);
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<RunDocument>(stream, JsonOptions, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"The run record '{path}' is empty (JSON null). Run the pipeline again to rewrite it.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The run record '{path}' is not a valid run.json: {exception.Message} Run the pipeline again to rewrite it.", exception);
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            // a null where the record requires a value is a broken file, not something for each reader to guard against
            RespectNullableAnnotations = true,
            Converters = { new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
