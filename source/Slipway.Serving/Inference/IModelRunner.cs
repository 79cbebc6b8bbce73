using Slipway.Serving.Tensors;

namespace Slipway.Serving.Inference;

/// <summary>Runs one loaded model. Implementations are thread-safe; inputs arrive in the order of the model's input specs.</summary>
public interface IModelRunner : IDisposable
{
    /// <summary>Model-specific checks on decoded inputs, before they join a batch (throws <see cref="ProtocolException"/>).</summary>
    void Validate(IReadOnlyList<Tensor> inputs);

    /// <summary>Runs the model; outputs come back in the order of the model's output specs.</summary>
    IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs);
}
