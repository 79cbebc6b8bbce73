using Slipway.Serving.Tensors;

namespace Slipway.Serving.Inference;

/// <summary>A validated model input or output: name, datatype, shape with -1 for variable dimensions.</summary>
public sealed record TensorSpec(string Name, DataType Datatype, long[] Shape)
{
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
