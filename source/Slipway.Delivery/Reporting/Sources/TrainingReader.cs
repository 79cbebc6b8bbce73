using Slipway.Delivery.Models;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>
/// The training section from <c>models/registry.json</c> (read by <see cref="ModelRegistryFile"/>) and the committed
/// <c>models/&lt;name&gt;/&lt;version&gt;/model.json</c> of each champion and challenger that records its training.
/// </summary>
internal static class TrainingReader
{
    public static async Task<TrainingSection> ReadAsync(string? registryPath, PathDisplay display, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        if (registryPath is null)
            return TrainingSection.NotGiven;
        if (!File.Exists(registryPath))
            return new TrainingSection { Reason = $"No model registry at '{display.Show(registryPath)}'; ./build.sh Train registers trained versions there." };
        ModelRegistry registry;
        try
        {
            registry = await ModelRegistryFile.ReadAsync(registryPath, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException exception)
        {
            warnings.Add($"Model registry '{display.Show(registryPath)}' cannot be read ({exception.Message}); the training section is left out.");
            return new TrainingSection { Reason = $"The model registry '{display.Show(registryPath)}' cannot be read." };
        }

        var root = Path.GetDirectoryName(Path.GetFullPath(registryPath))!;
        var items = new List<TrainingReport>();
        foreach (var (model, champion) in registry.Champions())
        {
            var training = await TrainingOfAsync(root, model, champion, display, warnings, cancellationToken).ConfigureAwait(false);
            if (training is null)
                continue;
            var challenger = registry.Resolve(model, ModelRegistry.Challenger);
            var challengerTraining = challenger is null ? null : await TrainingOfAsync(root, model, challenger, display, warnings, cancellationToken).ConfigureAwait(false);
            items.Add(new TrainingReport(model, champion, training.Dataset, training.DataSha256, training.TrainedAt, training.EmbeddingSeconds, training.TrainingSeconds,
                training.Parent, training.WeightsSha256, training.Test, challengerTraining is null ? null : challenger, challengerTraining?.Test));
        }

        return items.Count == 0
            ? new TrainingSection { Reason = $"No champion in '{display.Show(registryPath)}' was trained here; ./build.sh Train trains one." }
            : new TrainingSection { Items = items };
    }

    private static async Task<TrainingRecord?> TrainingOfAsync(string root, string model, string version, PathDisplay display, ICollection<string> warnings, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, model, version, ModelManifestFile.FileName);
        if (!File.Exists(path))
        {
            warnings.Add($"The registry names {model} version {version}, but '{display.Show(path)}' does not exist; left out of the training section.");
            return null;
        }

        try
        {
            return (await ModelManifestFile.ReadAsync(path, cancellationToken).ConfigureAwait(false)).Training;
        }
        catch (InvalidDataException exception)
        {
            warnings.Add($"Model manifest '{display.Show(path)}' cannot be read ({exception.Message}); left out of the training section.");
            return null;
        }
    }
}
