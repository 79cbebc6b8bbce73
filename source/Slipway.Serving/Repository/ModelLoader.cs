using System.Diagnostics;
using Microsoft.Extensions.Options;
using Slipway.Serving.Batching;
using Slipway.Serving.Configuration;
using Slipway.Serving.Inference;
using Slipway.Serving.Observability;
using Slipway.Serving.Runtime;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Repository;

/// <summary>
/// Loads every model version in the background after start-up (so liveness answers at once): verifies each file's
/// SHA-256, opens the ONNX session, runs one warm-up inference, and only then marks the version ready.
/// </summary>
public sealed class ModelLoader(
    ModelRegistry registry,
    IOptions<ServingOptions> serving,
    IOptions<BatchingOptions> batching,
    IHostApplicationLifetime lifetime,
    ILogger<ModelLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            registry.MarkStopping();
            Log.Draining(logger, serving.Value.DrainTimeoutSeconds);
        });

        foreach (var model in registry.All)
        {
            ServingMetrics.ModelReady.WithLabels(model.Name, model.Version).Set(0);
            if (model.Definition is null)
            {
                Log.ModelFailed(logger, model.Name, model.Version, model.FailureReason ?? "invalid manifest");
                continue;
            }

            stoppingToken.ThrowIfCancellationRequested();
            await LoadAsync(model, model.Definition, stoppingToken).ConfigureAwait(false);
        }

        if (registry.IsReady)
        {
            Log.AllReady(logger);
        }
    }

    private async Task LoadAsync(ServedModel model, ModelDefinition definition, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        IModelRunner? runner = null;
        try
        {
            await VerifyFilesAsync(definition, cancellationToken).ConfigureAwait(false);
            runner = await Task.Run(() => CreateRunner(definition), cancellationToken).ConfigureAwait(false);
            var warmUp = WarmUpInputs(definition);
            runner.Validate(warmUp);
            await Task.Run(() => runner.Run(warmUp), cancellationToken).ConfigureAwait(false);

            ModelBatcher? batcher = null;
            if (batching.Value.Enabled && definition.MaxBatchSize > 0)
            {
                batcher = new ModelBatcher(runner, definition.Name, definition.Version, definition.MaxBatchSize, definition.MaxQueueDelay, batching.Value.QueueCapacity,
                    TimeSpan.FromMilliseconds(batching.Value.AdaptiveWaitMs));
            }

            model.MarkReady(runner, batcher);
            ServingMetrics.ModelLoadDuration.WithLabels(model.Name, model.Version).Set(stopwatch.Elapsed.TotalSeconds);
            ServingMetrics.ModelReady.WithLabels(model.Name, model.Version).Set(1);
            Log.ModelReady(logger, model.Name, model.Version, stopwatch.Elapsed.TotalSeconds, definition.Kind);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            runner?.Dispose();
            var reason = exception is InvalidDataException or FileNotFoundException
                ? exception.Message
                : $"{exception.GetType().Name}: {exception.Message}";
            model.MarkFailed(reason);
            Log.ModelFailed(logger, model.Name, model.Version, reason);
        }
    }

    private IModelRunner CreateRunner(ModelDefinition definition) => definition.Kind switch
    {
        ModelKinds.TextEmbedding => new TextEmbeddingRunner(definition, serving.Value.IntraOpThreads),
        ModelKinds.TextClassification => new TextClassificationRunner(definition, serving.Value.IntraOpThreads),
        _ => new OnnxModelRunner(definition, serving.Value.IntraOpThreads),
    };

    private static async Task VerifyFilesAsync(ModelDefinition definition, CancellationToken cancellationToken)
    {
        foreach (var (path, expected) in definition.Files)
        {
            var full = Path.Combine(definition.Directory, path);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"file '{path}' listed in the manifest is missing from '{definition.Directory}'; materialise the model again.", full);
            }

            await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            var actual = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            if (actual != expected)
            {
                throw new InvalidDataException($"file '{path}' has SHA-256 {actual} but the manifest says {expected}; the file is damaged or was replaced — materialise the model again.");
            }
        }
    }

    /// <summary>One small request built from the manifest: one row, variable dimensions set to 1.</summary>
    private static Tensor[] WarmUpInputs(ModelDefinition definition) =>
        [.. definition.Inputs.Select(spec =>
        {
            var shape = spec.Shape.Select(d => d < 0 ? 1 : d).ToArray();
            var length = (int)shape.Aggregate(1L, (a, b) => a * b);
            var data = DataTypes.Allocate(spec.Datatype, length);
            if (data is string[] strings)
            {
                Array.Fill(strings, "warm up");
            }

            return new Tensor(spec.Name, spec.Datatype, shape, data);
        })];
}
