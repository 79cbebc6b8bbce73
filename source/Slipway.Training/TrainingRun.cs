using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Slipway.Delivery.Models;
using TextEmbeddingManifest = Slipway.Serving.Repository.TextEmbeddingManifest;
using Slipway.Training.Data;
using Slipway.Training.Embedding;
using Slipway.Training.Evaluation;
using Slipway.Training.Heads;

namespace Slipway.Training;

/// <summary>
/// Validates the data, embeds it, trains the head, evaluates it and the champion on the same test split, gates it and
/// registers it in <c>models/registry.json</c>. The same data and parameters as a registered version reproduce that
/// version (its weights must come out with the SHA-256 its <c>model.json</c> records) instead of registering a new one.
/// </summary>
public sealed class TrainingRun(TrainingOptions options, TextWriter log)
{
    public const string HeadFile = "head.onnx";

    public async Task<TrainingOutcome> RunAsync(CancellationToken cancellationToken = default)
    {
        var dataManifestPath = Path.Combine(options.DataRoot, DataManifestFile.FileName);
        var dataManifest = await DataManifestFile.ReadAsync(dataManifestPath, cancellationToken).ConfigureAwait(false);
        var entry = dataManifest.Datasets.FirstOrDefault(d => d.Name == options.Dataset)
            ?? throw new DataException($"Dataset '{options.Dataset}' is not in {dataManifestPath}; its datasets are {string.Join(", ", dataManifest.Datasets.Select(d => $"'{d.Name}'"))}.");
        var dataset = await DatasetReader.ReadAsync(options.DataRoot, entry, cancellationToken).ConfigureAwait(false);
        await RecordDataAsync(dataManifestPath, dataManifest, dataset, cancellationToken).ConfigureAwait(false);

        var encoder = await ModelManifestFile.ReadAsync(Path.Combine(options.EncoderDirectory, ModelManifestFile.FileName), cancellationToken).ConfigureAwait(false);
        var encoderDigest = ModelDigest.Compute(encoder);
        var parameters = options.Parameters.ToRecord(encoderDigest);
        var registry = await ModelRegistryFile.ReadAsync(options.RegistryPath, cancellationToken).ConfigureAwait(false);

        var same = await FindSameTrainingAsync(registry, dataset, parameters, cancellationToken).ConfigureAwait(false);
        if (same is not null)
        {
            return await ReproduceAsync(same, dataset, encoder, encoderDigest, cancellationToken).ConfigureAwait(false);
        }

        var version = (registry.LatestVersionNumber(options.Model) + 1).ToString(CultureInfo.InvariantCulture);
        var trained = Train(dataset, encoder, encoderDigest);
        var directory = Path.Combine(options.ModelsRoot, options.Model, version);
        var staging = directory + ".training";
        Directory.CreateDirectory(staging);
        try
        {
            var headPath = Path.Combine(staging, HeadFile);
            await File.WriteAllBytesAsync(headPath, trained.Graph, cancellationToken).ConfigureAwait(false);
            var (test, validation) = Evaluate(headPath, dataset.Classes, dataset, trained.Vectors);
            var championVersion = registry.Resolve(options.Model, ModelRegistry.Champion);
            var champion = championVersion is null ? null : await EvaluateChampionAsync(championVersion, dataset, trained.Vectors, cancellationToken).ConfigureAwait(false);
            var verdict = new QualityGate(options.MinAccuracy, options.MaxRegression).Judge(test, version, champion, championVersion);
            log.WriteLine(verdict.Table);
            if (!verdict.Passed)
            {
                throw new TrainingFailedException(
                    $"Model '{options.Model}' version {version} failed its quality gate and was not registered: {string.Join("; ", verdict.Failures)}.\n{verdict.Table}" +
                    "Fix the data, or change --min-accuracy / --max-regression if the bounds are wrong.");
            }

            var parent = championVersion;
            var manifest = Manifest(version, encoder, dataset, trained, parameters, parent, test, validation);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.Move(staging, directory);
            await ModelManifestFile.WriteAsync(Path.Combine(directory, ModelManifestFile.FileName), manifest, cancellationToken).ConfigureAwait(false);
            var alias = options.Promote ? ModelRegistry.Champion : ModelRegistry.Challenger;
            var reason = options.Promote
                ? $"passed the quality gate: test accuracy {test.Accuracy:0.0000}, macro-F1 {test.MacroF1:0.0000}" + (champion is null ? string.Empty : $" (champion {championVersion}: {champion.Accuracy:0.0000}, {champion.MacroF1:0.0000})")
                : $"passed the quality gate (test accuracy {test.Accuracy:0.0000}, macro-F1 {test.MacroF1:0.0000}); kept as challenger (--no-promote)";
            registry = registry
                .Register(options.Model, new RegisteredVersion(version, manifest.Training!.TrainedAt, test.Accuracy, test.MacroF1))
                .MoveAlias(options.Model, alias, version, options.By, reason, manifest.Training.TrainedAt);
            await ModelRegistryFile.WriteAsync(options.RegistryPath, registry, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"Registered {options.Model} version {version} as {alias} (weights sha256 {manifest.Training.WeightsSha256}).");
            return new TrainingOutcome(TrainingResult.Registered, version, manifest, alias, verdict.Table);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private async Task<TrainingOutcome> ReproduceAsync(ModelManifest same, Dataset dataset, ModelManifest encoder, string encoderDigest, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.ModelsRoot, options.Model, same.Version);
        var headPath = Path.Combine(directory, HeadFile);
        var recorded = same.Training!.WeightsSha256;
        if (File.Exists(headPath) && Sha256(await File.ReadAllBytesAsync(headPath, cancellationToken).ConfigureAwait(false)) == recorded)
        {
            log.WriteLine($"{options.Model} version {same.Version} was trained on the same data with the same parameters; its weights are present (sha256 {recorded}).");
            return new TrainingOutcome(TrainingResult.UpToDate, same.Version, same, null, null);
        }

        log.WriteLine($"{options.Model} version {same.Version}: weights missing or changed; training them again from the same data and parameters.");
        var trained = Train(dataset, encoder, encoderDigest);
        var actual = Sha256(trained.Graph);
        if (actual != recorded)
        {
            throw new TrainingFailedException(
                $"Training {options.Model} version {same.Version} again gave weights with sha256 {actual}, but models/{options.Model}/{same.Version}/model.json records {recorded}. " +
                "The same data and parameters must give the same weights: the encoder, ONNX Runtime or ML.NET differ from the run that registered it. " +
                "Restore the versions pinned in Directory.Packages.props, or register a new version by changing a training parameter.");
        }

        await File.WriteAllBytesAsync(headPath, trained.Graph, cancellationToken).ConfigureAwait(false);
        log.WriteLine($"{options.Model} version {same.Version}: weights reproduced with the recorded sha256 {actual}.");
        return new TrainingOutcome(TrainingResult.Reproduced, same.Version, same, null, null);
    }

    /// <summary>The registered version trained on exactly this data with exactly these parameters, if any.</summary>
    private async Task<ModelManifest?> FindSameTrainingAsync(ModelRegistry registry, Dataset dataset, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        if (!registry.Models.TryGetValue(options.Model, out var registered))
        {
            return null;
        }

        foreach (var version in registered.Versions.Reverse())
        {
            var path = Path.Combine(options.ModelsRoot, options.Model, version.Version, ModelManifestFile.FileName);
            if (!File.Exists(path))
            {
                continue;
            }

            var manifest = await ModelManifestFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (manifest.Training is { } training && training.Dataset == dataset.Entry.Name
                && training.DataSha256.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(dataset.FileSha256.OrderBy(p => p.Key, StringComparer.Ordinal))
                && training.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(parameters.OrderBy(p => p.Key, StringComparer.Ordinal)))
            {
                return manifest;
            }
        }

        return null;
    }

    private Trained Train(Dataset dataset, ModelManifest encoder, string encoderDigest)
    {
        var settings = encoder.TextEmbedding ?? throw new InvalidDataException($"The encoder in '{options.EncoderDirectory}' is a '{encoder.Kind}' model without a 'textEmbedding' section; train on a text-embedding model.");
        var embedding = Stopwatch.StartNew();
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using (var embedder = new TextEmbedder(options.EncoderDirectory, ServingSettings(settings)))
        {
            var cache = options.CacheDirectory is null ? EmbeddingCache.None : EmbeddingCache.Open(options.CacheDirectory, encoderDigest, embedder.Dimension);
            foreach (var row in dataset.Rows)
            {
                vectors[row.Id] = cache.GetOrAdd(row.Text, embedder.Embed);
            }

            cache.Save();
        }

        embedding.Stop();
        var training = Stopwatch.StartNew();
        var head = HeadTrainer.Train(dataset.Classes, [.. dataset.In(DataSplit.Train).Select(r => (r.Id, vectors[r.Id], r.Label))], options.Parameters);
        var graph = OnnxHeadWriter.Write(head);
        training.Stop();
        log.WriteLine($"Embedded {dataset.Rows.Count} rows in {embedding.Elapsed.TotalSeconds:0.00} s; trained the head on {dataset.In(DataSplit.Train).Count} rows in {training.Elapsed.TotalSeconds:0.00} s.");
        return new Trained(graph, vectors, embedding.Elapsed, training.Elapsed);
    }

    private static (ClassificationMetrics Test, ClassificationMetrics Validation) Evaluate(string headPath, IReadOnlyList<string> headClasses, Dataset dataset, Dictionary<string, float[]> vectors)
    {
        using var session = new HeadSession(headPath);
        ClassificationMetrics On(DataSplit split)
        {
            var rows = dataset.In(split);
            return Evaluator.Evaluate(dataset.Classes, headClasses, [.. rows.Select(r => r.Label)], session.Predict([.. rows.Select(r => vectors[r.Id])]));
        }

        return (On(DataSplit.Test), On(DataSplit.Validation));
    }

    private async Task<ClassificationMetrics> EvaluateChampionAsync(string version, Dataset dataset, Dictionary<string, float[]> vectors, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.ModelsRoot, options.Model, version);
        var manifest = await ModelManifestFile.ReadAsync(Path.Combine(directory, ModelManifestFile.FileName), cancellationToken).ConfigureAwait(false);
        var headPath = Path.Combine(directory, HeadFile);
        if (!File.Exists(headPath) || manifest.TextClassification is null)
        {
            throw new TrainingFailedException(
                $"The champion, {options.Model} version {version}, cannot be evaluated: '{headPath}' is missing. Its weights are not in git; " +
                $"run ./build.sh Train on the data it was trained on (data sha256 {string.Join(", ", manifest.Training?.DataSha256.Values ?? [])}) to reproduce them, then train on the new data.");
        }

        return Evaluate(headPath, manifest.TextClassification.Classes, dataset, vectors).Test;
    }

    private ModelManifest Manifest(string version, ModelManifest encoder, Dataset dataset, Trained trained, IReadOnlyDictionary<string, string> parameters, string? parent,
        ClassificationMetrics test, ClassificationMetrics validation)
    {
        var settings = encoder.TextEmbedding!;
        var encoderFiles = encoder.Files.Where(f => f.Path == settings.Model || f.Path == settings.Vocabulary).ToList();
        var sha = Sha256(trained.Graph);
        return new ModelManifest
        {
            Name = options.Model,
            Version = version,
            Kind = "text-classification",
            Files = [.. encoderFiles, new ModelFileEntry(HeadFile, sha, trained.Graph.Length)],
            Inputs = [new TensorSpecification("text", "BYTES", [-1])],
            Outputs = [new TensorSpecification("label", "BYTES", [-1]), new TensorSpecification("probabilities", "FP32", [-1, dataset.Classes.Count])],
            MaxBatchSize = encoder.MaxBatchSize,
            MaxQueueDelayMs = encoder.MaxQueueDelayMs,
            TextEmbedding = settings,
            TextClassification = new TextClassificationSettings { Head = HeadFile, Classes = [.. dataset.Classes] },
            Sources = [.. (encoder.Sources ?? []).Where(s => encoderFiles.Any(f => f.Path == s.Path)), new ModelFileSource { Path = HeadFile, Trained = true }],
            Training = new TrainingRecord
            {
                Dataset = dataset.Entry.Name,
                DataSha256 = dataset.FileSha256,
                Rows = new SplitCounts(dataset.In(DataSplit.Train).Count, dataset.In(DataSplit.Validation).Count, dataset.In(DataSplit.Test).Count),
                Parameters = parameters,
                Parent = parent,
                TrainedAt = DateTimeOffset.UtcNow,
                EmbeddingSeconds = Math.Round(trained.Embedding.TotalSeconds, 3),
                TrainingSeconds = Math.Round(trained.Training.TotalSeconds, 3),
                WeightsSha256 = sha,
                Test = test,
                Validation = validation,
            },
        };
    }

    /// <summary>Rewrites the data manifest's SHA-256 and row counts when a file changed, so it names the data trained on.</summary>
    private static async Task RecordDataAsync(string path, DataManifest manifest, Dataset dataset, CancellationToken cancellationToken)
    {
        var files = dataset.Entry.Files.Select(f => f with { Sha256 = dataset.FileSha256[f.Path], Rows = dataset.Rows.Count(r => r.File == $"data/{f.Path}") }).ToList();
        if (files.SequenceEqual(dataset.Entry.Files))
        {
            return;
        }

        var updated = manifest with { Datasets = [.. manifest.Datasets.Select(d => d.Name == dataset.Entry.Name ? d with { Files = files } : d)] };
        await DataManifestFile.WriteAsync(path, updated, cancellationToken).ConfigureAwait(false);
    }

    private static TextEmbeddingManifest ServingSettings(TextEmbeddingSettings settings) => new()
    {
        Model = settings.Model,
        Vocabulary = settings.Vocabulary,
        LowerCase = settings.LowerCase,
        MaxSequenceLength = settings.MaxSequenceLength,
        Pooling = settings.Pooling,
        Normalize = settings.Normalize,
    };

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private sealed record Trained(byte[] Graph, Dictionary<string, float[]> Vectors, TimeSpan Embedding, TimeSpan Training);
}
