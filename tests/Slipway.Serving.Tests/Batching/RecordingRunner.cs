using System.Collections.Concurrent;
using Slipway.Serving.Inference;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Tests.Batching;

/// <summary>Passes every call to a real runner; records the rows of each run and can hold runs until released.</summary>
internal sealed class RecordingRunner(IModelRunner inner) : IModelRunner
{
    private readonly SemaphoreSlim _gate = new(int.MaxValue);

    public ConcurrentQueue<long> RunRows { get; } = new();

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Hold() => _gate.Wait();

    public void Release() => _gate.Release();

    public void Validate(IReadOnlyList<Tensor> inputs) => inner.Validate(inputs);

    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs)
    {
        RunRows.Enqueue(inputs[0].Shape[0]);
        Entered.TrySetResult();
        _gate.Wait();
        _gate.Release();
        return inner.Run(inputs);
    }

    public void Dispose() => inner.Dispose();
}
