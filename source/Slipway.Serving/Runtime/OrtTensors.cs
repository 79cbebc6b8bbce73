using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Runtime;

/// <summary>Conversions between <see cref="Tensor"/> and ONNX Runtime values.</summary>
public static class OrtTensors
{
    public static OrtValue ToOrtValue(Tensor tensor) => tensor.Data switch
    {
        float[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        long[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        int[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        double[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        Float16[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        bool[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        byte[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        sbyte[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        short[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        ushort[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        uint[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        ulong[] a => OrtValue.CreateTensorValueFromMemory(a, tensor.Shape),
        string[] a => Strings(a, tensor.Shape),
        _ => throw new NotSupportedException($"Tensor '{tensor.Name}' holds {tensor.Data.GetType()}, which has no ONNX element type."),
    };

    public static Tensor FromOrtValue(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        if (!DataTypes.TryFromOnnx(info.ElementDataType, out var datatype))
        {
            throw new NotSupportedException($"Output '{name}' has ONNX element type {info.ElementDataType}, which the Open Inference Protocol cannot carry.");
        }

        Array data = info.ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorElementType.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Float16 => value.GetTensorDataAsSpan<Float16>().ToArray(),
            TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorElementType.UInt8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            TensorElementType.Int8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            TensorElementType.Int16 => value.GetTensorDataAsSpan<short>().ToArray(),
            TensorElementType.UInt16 => value.GetTensorDataAsSpan<ushort>().ToArray(),
            TensorElementType.UInt32 => value.GetTensorDataAsSpan<uint>().ToArray(),
            TensorElementType.UInt64 => value.GetTensorDataAsSpan<ulong>().ToArray(),
            _ => value.GetStringTensorAsArray(),
        };
        return new Tensor(name, datatype.Value, info.Shape, data);
    }

    private static OrtValue Strings(string[] values, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        for (var i = 0; i < values.Length; i++)
        {
            value.StringTensorSetElementAt(values[i].AsSpan(), i);
        }

        return value;
    }
}
