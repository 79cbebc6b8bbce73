using System.Diagnostics.CodeAnalysis;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Slipway.Serving.Tensors;

/// <summary>Names, CLR element types and ONNX element types of <see cref="DataType"/>.</summary>
public static class DataTypes
{
    private static readonly string[] Names =
        ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];

    public static string AllNames { get; } = string.Join(", ", Names);

    public static string ToProtocolName(this DataType type) => Names[(int)type];

    public static bool TryParse(string? name, out DataType type)
    {
        var index = name is null ? -1 : Array.IndexOf(Names, name);
        type = index < 0 ? default : (DataType)index;
        return index >= 0;
    }

    public static DataType Parse(string name) =>
        TryParse(name, out var type)
            ? type
            : throw new FormatException($"Unknown datatype '{name}'. Valid datatypes: {AllNames}.");

    public static Array Allocate(DataType type, int length) => type switch
    {
        DataType.Bool => new bool[length],
        DataType.UInt8 => new byte[length],
        DataType.UInt16 => new ushort[length],
        DataType.UInt32 => new uint[length],
        DataType.UInt64 => new ulong[length],
        DataType.Int8 => new sbyte[length],
        DataType.Int16 => new short[length],
        DataType.Int32 => new int[length],
        DataType.Int64 => new long[length],
        DataType.Fp16 => new Float16[length],
        DataType.Fp32 => new float[length],
        DataType.Fp64 => new double[length],
        DataType.Bytes => new string[length],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown datatype."),
    };

    public static bool TryFromOnnx(TensorElementType element, [NotNullWhen(true)] out DataType? type)
    {
        type = element switch
        {
            TensorElementType.Bool => DataType.Bool,
            TensorElementType.UInt8 => DataType.UInt8,
            TensorElementType.UInt16 => DataType.UInt16,
            TensorElementType.UInt32 => DataType.UInt32,
            TensorElementType.UInt64 => DataType.UInt64,
            TensorElementType.Int8 => DataType.Int8,
            TensorElementType.Int16 => DataType.Int16,
            TensorElementType.Int32 => DataType.Int32,
            TensorElementType.Int64 => DataType.Int64,
            TensorElementType.Float16 => DataType.Fp16,
            TensorElementType.Float => DataType.Fp32,
            TensorElementType.Double => DataType.Fp64,
            TensorElementType.String => DataType.Bytes,
            _ => null,
        };
        return type is not null;
    }
}
