namespace Slipway.Serving.Tensors;

/// <summary>The Open Inference Protocol tensor datatypes.</summary>
public enum DataType
{
    Bool,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Int8,
    Int16,
    Int32,
    Int64,
    Fp16,
    Fp32,
    Fp64,
    Bytes,
}
