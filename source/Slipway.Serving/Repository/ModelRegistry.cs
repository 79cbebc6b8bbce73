using System.Text.Json;
using Microsoft.Extensions.Options;
using Slipway.Serving.Configuration;
using Slipway.Serving.Inference;
using Slipway.Serving.Observability;
using Slipway.Serving.Protocol;

namespace Slipway.Serving.Repository;

/// <summary>Every model version found in the repository, how to find one by name and version, and the server's readiness.</summary>
public sealed class ModelRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, ServedModel[]> _models;
    private volatile bool _stopping;

    public ModelRegistry(IOptions<ServingOptions> options, IHostEnvironment environment, ILogger<ModelRegistry> logger)
    {
        ModelRepositoryLocator.TryResolve(options.Value.ModelRepository, environment.ContentRootPath, out var root);
        Root = root ?? options.Value.ModelRepository;
        _models = Scan(Root);
        All = [.. _models.Values.SelectMany(v => v)];
        Log.RepositoryScanned(logger, Root, All.Count);
        if (All.Count == 0)
        {
            Log.RepositoryEmpty(logger, Root);
        }
    }

    public string Root { get; }

    public IReadOnlyList<ServedModel> All { get; }

    /// <summary>Ready when not shutting down, at least one model exists, and every model is loaded and warmed up.</summary>
    public bool IsReady => !_stopping && All.Count > 0 && All.All(m => m.State == ModelState.Ready);

    public string? NotReadyReason =>
        _stopping ? "the server is shutting down."
        : All.Count == 0 ? $"the model repository '{Root}' holds no model versions."
        : All.FirstOrDefault(m => m.State != ModelState.Ready)?.NotReadyReason;

    public void MarkStopping() => _stopping = true;

    /// <summary>Runs when the host is disposed, after the server has drained: finishes queues and frees sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        foreach (var model in All)
        {
            await model.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The versions of a model, highest last.</summary>
    public IReadOnlyList<ServedModel> Versions(string name) =>
        _models.TryGetValue(name, out var versions)
            ? versions
            : throw ProtocolException.NotFound($"unknown model '{name}'; available models: {Available()}.");

    /// <summary>A model version; without a version, the highest one.</summary>
    public ServedModel Resolve(string name, string? version)
    {
        var versions = Versions(name);
        if (version is null)
        {
            return versions[^1];
        }

        return versions.FirstOrDefault(v => v.Version == version)
            ?? throw ProtocolException.NotFound($"model '{name}' has no version '{version}'; available versions: {string.Join(", ", versions.Select(v => $"'{v.Version}'"))}.");
    }

    private string Available() => _models.Count == 0 ? "none" : string.Join(", ", _models.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));

    private static Dictionary<string, ServedModel[]> Scan(string root)
    {
        var result = new Dictionary<string, ServedModel[]>(StringComparer.Ordinal);
        if (!System.IO.Directory.Exists(root))
        {
            return result;
        }

        foreach (var modelDirectory in System.IO.Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(modelDirectory);
            var versions = System.IO.Directory.GetDirectories(modelDirectory)
                .Where(d => File.Exists(Path.Combine(d, "model.json")))
                .Select(d => Read(name, Path.GetFileName(d), d))
                .OrderBy(m => m.Version, VersionComparer.Instance)
                .ToArray();
            if (versions.Length > 0)
            {
                result[name] = versions;
            }
        }

        return result;
    }

    private static ServedModel Read(string name, string version, string directory)
    {
        var path = Path.Combine(directory, "model.json");
        try
        {
            var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), ProtocolJson.Context.ModelManifest)
                ?? throw new InvalidDataException($"manifest '{path}' is JSON null.");
            return new ServedModel(name, version, directory, ManifestValidator.Validate(manifest, directory, name, version), null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException or IOException)
        {
            var reason = exception is JsonException ? $"manifest '{path}' is not valid JSON: {exception.Message}" : exception.Message;
            return new ServedModel(name, version, directory, null, reason);
        }
    }
}
