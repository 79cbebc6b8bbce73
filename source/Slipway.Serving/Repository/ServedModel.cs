using Slipway.Serving.Batching;
using Slipway.Serving.Inference;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Repository;

/// <summary>One model version in the repository: its definition (when the manifest is valid), state, and runner once loaded.</summary>
public sealed class ServedModel(string name, string version, string directory, ModelDefinition? definition, string? manifestError) : IAsyncDisposable
{
    private volatile ModelState _state = definition is null ? ModelState.Failed : ModelState.Loading;
    private string? _reason = manifestError;

    public string Name { get; } = name;
    public string Version { get; } = version;
    public string Directory { get; } = directory;
    public ModelDefinition? Definition { get; } = definition;
    public ModelState State => _state;
    public string? FailureReason => _reason;
    public IModelRunner? Runner { get; private set; }
    public ModelBatcher? Batcher { get; private set; }

    /// <summary>Why this version cannot answer right now, or null when it is ready.</summary>
    public string? NotReadyReason => _state switch
    {
        ModelState.Ready => null,
        ModelState.Loading => $"model '{Name}' version '{Version}' is still loading; retry shortly.",
        _ => $"model '{Name}' version '{Version}' failed to load: {_reason}",
    };

    internal void MarkReady(IModelRunner runner, ModelBatcher? batcher)
    {
        Runner = runner;
        Batcher = batcher;
        _state = ModelState.Ready;
    }

    internal void MarkFailed(string reason)
    {
        _reason = reason;
        _state = ModelState.Failed;
    }

    /// <summary>Runs through the batcher when there is one, else directly.</summary>
    public async Task<IReadOnlyList<Tensor>> InferAsync(IReadOnlyList<Tensor> inputs, CancellationToken cancellationToken)
    {
        var runner = Runner ?? throw ProtocolException.Unavailable(NotReadyReason ?? $"model '{Name}' is not ready.");
        runner.Validate(inputs);
        if (Batcher is { } batcher)
        {
            return await batcher.EnqueueAsync(inputs, cancellationToken).ConfigureAwait(false);
        }

        return runner.Run(inputs);
    }

    /// <summary>Finishes queued requests, then releases the session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Batcher is { } batcher)
        {
            await batcher.DisposeAsync().ConfigureAwait(false);
        }

        Runner?.Dispose();
    }
}
