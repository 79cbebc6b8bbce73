using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using Slipway.Serving.Inference;

namespace Slipway.Serving.Tensors;

/// <summary>
/// The raw tensor encoding shared by the binary tensor data extension (REST) and <c>raw_input_contents</c> /
/// <c>raw_output_contents</c> (gRPC): elements row-major and little-endian, BOOL one byte each, BYTES a 4-byte
/// little-endian length followed by that many bytes per element.
/// </summary>
public static class RawTensors
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Bytes per element, or 0 for BYTES (variable length).</summary>
    public static int ElementSize(DataType type) => type switch
    {
        DataType.Bool or DataType.UInt8 or DataType.Int8 => 1,
        DataType.UInt16 or DataType.Int16 or DataType.Fp16 => 2,
        DataType.UInt32 or DataType.Int32 or DataType.Fp32 => 4,
        DataType.UInt64 or DataType.Int64 or DataType.Fp64 => 8,
        _ => 0,
    };

    /// <summary>
    /// Reads exactly <paramref name="count"/> elements of <paramref name="type"/> from <paramref name="bytes"/>; every
    /// mismatch is a 400 that names the input, the sizes and the element.
    /// </summary>
    public static Array Read(ReadOnlySpan<byte> bytes, string name, DataType type, int count)
    {
        if (type == DataType.Bytes)
        {
            return ReadStrings(bytes, name, count);
        }

        var size = ElementSize(type);
        if (bytes.Length != (long)count * size)
        {
            throw ProtocolException.BadRequest(
                $"input '{name}' has {bytes.Length} byte(s) of raw data, but its shape needs {count} {type.ToProtocolName()} element(s) of {size} byte(s) = {(long)count * size} bytes.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Raw tensor data is little-endian; this service runs on little-endian machines only.");
        }

        var data = DataTypes.Allocate(type, count);
        switch (data)
        {
            case bool[] flags:
                for (var i = 0; i < count; i++)
                {
                    flags[i] = bytes[i] switch
                    {
                        0 => false,
                        1 => true,
                        var other => throw ProtocolException.BadRequest($"input '{name}' element {i} is byte {other}; datatype BOOL needs 0 or 1."),
                    };
                }

                break;
            case float[] singles:
                bytes.CopyTo(MemoryMarshal.AsBytes(singles.AsSpan()));
                RequireFinite(singles, name, type);
                break;
            case double[] doubles:
                bytes.CopyTo(MemoryMarshal.AsBytes(doubles.AsSpan()));
                RequireFinite(doubles, name, type);
                break;
            case Float16[] halves:
                for (var i = 0; i < count; i++)
                {
                    var bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(i * 2, 2));
                    if (!Half.IsFinite(BitConverter.UInt16BitsToHalf(bits)))
                    {
                        throw ProtocolException.BadRequest($"input '{name}' element {i} is not a finite number; datatype FP16 needs a finite number.");
                    }

                    halves[i] = new Float16(bits);
                }

                break;
            default:
                bytes.CopyTo(Span(data));
                break;
        }

        return data;
    }

    /// <summary>Writes a tensor's elements in the raw encoding.</summary>
    public static void Write(Tensor tensor, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(output);
        switch (tensor.Data)
        {
            case string[] strings:
                foreach (var text in strings)
                {
                    var length = Encoding.UTF8.GetByteCount(text);
                    var span = output.GetSpan(4 + length);
                    BinaryPrimitives.WriteInt32LittleEndian(span, length);
                    Encoding.UTF8.GetBytes(text, span[4..]);
                    output.Advance(4 + length);
                }

                break;
            case bool[] flags:
                var target = output.GetSpan(flags.Length);
                for (var i = 0; i < flags.Length; i++)
                {
                    target[i] = flags[i] ? (byte)1 : (byte)0;
                }

                output.Advance(flags.Length);
                break;
            case Float16[] halves:
                var halfBytes = output.GetSpan(halves.Length * 2);
                for (var i = 0; i < halves.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(halfBytes[(i * 2)..], halves[i].value);
                }

                output.Advance(halves.Length * 2);
                break;
            default:
                output.Write(Span(tensor.Data));
                break;
        }
    }

    /// <summary>The raw encoding of one tensor as a new array.</summary>
    public static byte[] ToArray(Tensor tensor)
    {
        var buffer = new ArrayBufferWriter<byte>(ByteCount(tensor));
        Write(tensor, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>How many bytes <see cref="Write"/> produces for <paramref name="tensor"/>.</summary>
    public static int ByteCount(Tensor tensor) =>
        tensor.Data is string[] strings
            ? strings.Sum(s => 4 + Encoding.UTF8.GetByteCount(s))
            : tensor.Data.Length * ElementSize(tensor.Datatype);

    private static string[] ReadStrings(ReadOnlySpan<byte> bytes, string name, int count)
    {
        var strings = new string[count];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            if (bytes.Length - offset < 4)
            {
                throw ProtocolException.BadRequest(
                    $"input '{name}' raw BYTES data ends after {i} of {count} element(s) (byte {offset} of {bytes.Length}); each element needs a 4-byte little-endian length, then its bytes.");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]);
            offset += 4;
            if (length < 0 || length > bytes.Length - offset)
            {
                throw ProtocolException.BadRequest(
                    $"input '{name}' element {i} declares a length of {length} byte(s) at byte {offset - 4}, but {(length < 0 ? "a length cannot be negative" : $"only {bytes.Length - offset} byte(s) follow")}.");
            }

            strings[i] = Text(bytes.Slice(offset, length), name, i);
            offset += length;
        }

        if (offset != bytes.Length)
        {
            throw ProtocolException.BadRequest(
                $"input '{name}' has {bytes.Length - offset} byte(s) of raw data left over after its {count} BYTES element(s); the shape and the data disagree.");
        }

        return strings;
    }

    /// <summary>One BYTES element as text; bytes that are not UTF-8 are a 400 naming the input and element.</summary>
    public static string Text(ReadOnlySpan<byte> bytes, string name, int index)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new ProtocolException(StatusCodes.Status400BadRequest, $"input '{name}' element {index} is not valid UTF-8 text; send UTF-8 encoded strings.", exception);
        }
    }

    private static void RequireFinite(ReadOnlySpan<float> values, string name, DataType type)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw ProtocolException.BadRequest($"input '{name}' element {i} is {values[i]}; datatype {type.ToProtocolName()} needs a finite number.");
            }
        }
    }

    private static void RequireFinite(ReadOnlySpan<double> values, string name, DataType type)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw ProtocolException.BadRequest($"input '{name}' element {i} is {values[i]}; datatype {type.ToProtocolName()} needs a finite number.");
            }
        }
    }

    /// <summary>The bytes of a fixed-size primitive array (every datatype except BOOL, FP16 and BYTES).</summary>
    private static Span<byte> Span(Array data) => data switch
    {
        byte[] a => a,
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ushort[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        uint[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ulong[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new NotSupportedException($"Tensor element type '{data.GetType().GetElementType()}' has no raw encoding."),
    };
}
