using System.Collections.Concurrent;
using Slipway.Serving.Inference;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Tests.Batching;

/// <summary>Passes every call to a real runner; records the rows of each run and can hold runs until released.</summary>
internal sealed class RecordingRunner(IModelRunner inner) : IModelRunner
{
    private readonly ManualResetEventSlim _gate = new(initialState: true);

    public ConcurrentQueue<long> RunRows { get; } = new();

    /// <summary>Released once each time a run starts.</summary>
    public SemaphoreSlim Started { get; } = new(0);

    public void Hold() => _gate.Reset();

    public void Release() => _gate.Set();

    public void Validate(IReadOnlyList<Tensor> inputs) => inner.Validate(inputs);

    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs)
    {
        RunRows.Enqueue(inputs[0].Shape[0]);
        Started.Release();
        _gate.Wait(TimeSpan.FromSeconds(30));
        return inner.Run(inputs);
    }

    public void Dispose() => inner.Dispose();
}
