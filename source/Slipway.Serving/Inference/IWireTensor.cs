using Slipway.Serving.Tensors;

namespace Slipway.Serving.Inference;

/// <summary>
/// One input tensor as it arrived, whatever the wire (JSON, the binary tensor data extension, gRPC): the fields every
/// encoding shares, and a reader for its elements. <see cref="TensorDecoder"/> checks the fields against the model.
/// </summary>
public interface IWireTensor
{
    string? Name { get; }

    string? Datatype { get; }

    IReadOnlyList<long>? Shape { get; }

    /// <summary>Reads exactly <paramref name="count"/> elements; a mismatch is a 400 <see cref="ProtocolException"/> naming the input.</summary>
    Array ReadElements(string name, DataType datatype, long[] shape, int count);
}
