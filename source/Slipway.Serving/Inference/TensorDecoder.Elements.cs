using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Inference;

/// <summary>Element conversion: one JSON value into one typed slot, with range checks per datatype.</summary>
public static partial class TensorDecoder
{
    private static void SetElement(JsonElement item, Array data, int index, string name, DataType datatype)
    {
        switch (datatype)
        {
            case DataType.Bool:
                ((bool[])data)[index] = item.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Invalid(item, index, name, datatype, "true or false"),
                };
                break;
            case DataType.Bytes:
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Invalid(item, index, name, datatype, "a string");
                }

                try
                {
                    ((string[])data)[index] = item.GetString()!;
                }
                catch (InvalidOperationException exception)
                {
                    throw new ProtocolException(StatusCodes.Status400BadRequest, $"input '{name}' element {index} is not valid UTF-16/UTF-8 text; send well-formed strings.", exception);
                }

                break;
            case DataType.Fp16:
            case DataType.Fp32:
            case DataType.Fp64:
                SetFloat(item, data, index, name, datatype);
                break;
            default:
                SetInteger(item, data, index, name, datatype);
                break;
        }
    }

    private static void SetFloat(JsonElement item, Array data, int index, string name, DataType datatype)
    {
        if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Invalid(item, index, name, datatype, "a finite number");
        }

        switch (datatype)
        {
            case DataType.Fp64:
                ((double[])data)[index] = value;
                break;
            case DataType.Fp32:
                var single = (float)value;
                if (!float.IsFinite(single))
                {
                    throw Invalid(item, index, name, datatype, "a number within FP32 range (±3.4e38)");
                }

                ((float[])data)[index] = single;
                break;
            default:
                var half = (Half)value;
                if (!Half.IsFinite(half))
                {
                    throw Invalid(item, index, name, datatype, "a number within FP16 range (±65504)");
                }

                ((Float16[])data)[index] = new Float16(BitConverter.HalfToUInt16Bits(half));
                break;
        }
    }

    private static void SetInteger(JsonElement item, Array data, int index, string name, DataType datatype)
    {
        if (item.ValueKind != JsonValueKind.Number)
        {
            throw Invalid(item, index, name, datatype, "an integer");
        }

        if (datatype == DataType.UInt64)
        {
            if (!item.TryGetUInt64(out var unsigned))
            {
                throw Invalid(item, index, name, datatype, "an integer in 0..18446744073709551615");
            }

            ((ulong[])data)[index] = unsigned;
            return;
        }

        if (!item.TryGetInt64(out var value))
        {
            throw Invalid(item, index, name, datatype, "an integer");
        }

        (long Min, long Max) range = datatype switch
        {
            DataType.UInt8 => (byte.MinValue, byte.MaxValue),
            DataType.UInt16 => (ushort.MinValue, ushort.MaxValue),
            DataType.UInt32 => (uint.MinValue, uint.MaxValue),
            DataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
            DataType.Int16 => (short.MinValue, short.MaxValue),
            DataType.Int32 => (int.MinValue, (long)int.MaxValue),
            _ => (long.MinValue, long.MaxValue),
        };
        if (value < range.Min || value > range.Max)
        {
            throw Invalid(item, index, name, datatype, $"an integer in {range.Min}..{range.Max}");
        }

        switch (datatype)
        {
            case DataType.UInt8: ((byte[])data)[index] = (byte)value; break;
            case DataType.UInt16: ((ushort[])data)[index] = (ushort)value; break;
            case DataType.UInt32: ((uint[])data)[index] = (uint)value; break;
            case DataType.Int8: ((sbyte[])data)[index] = (sbyte)value; break;
            case DataType.Int16: ((short[])data)[index] = (short)value; break;
            case DataType.Int32: ((int[])data)[index] = (int)value; break;
            default: ((long[])data)[index] = value; break;
        }
    }

    private static ProtocolException Invalid(JsonElement item, int index, string name, DataType datatype, string expected)
    {
        var raw = item.GetRawText();
        var shown = raw.Length > 40 ? raw[..40] + "…" : raw;
        return ProtocolException.BadRequest($"input '{name}' element {index} is {shown}; datatype {datatype.ToProtocolName()} needs {expected}.");
    }
}
