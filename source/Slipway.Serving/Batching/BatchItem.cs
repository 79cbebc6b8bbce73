using Slipway.Serving.Tensors;

namespace Slipway.Serving.Batching;

/// <summary>One queued request: its inputs, its row count along the batch dimension, and where its outputs go.</summary>
internal sealed class BatchItem(IReadOnlyList<Tensor> inputs)
{
    public IReadOnlyList<Tensor> Inputs { get; } = inputs;

    public int Rows { get; } = (int)inputs[0].Shape[0];

    public TaskCompletionSource<IReadOnlyList<Tensor>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Requests can only share a run when every input agrees on all but the first dimension.</summary>
    public bool CanJoin(BatchItem other)
    {
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (!Inputs[i].Shape.AsSpan(1).SequenceEqual(other.Inputs[i].Shape.AsSpan(1)))
            {
                return false;
            }
        }

        return true;
    }
}
