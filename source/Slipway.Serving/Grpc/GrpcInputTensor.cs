using Google.Protobuf;
using Slipway.Serving.Inference;
using Slipway.Serving.Tensors;
using static Slipway.Serving.Grpc.ModelInferRequest.Types;

namespace Slipway.Serving.Grpc;

/// <summary>A gRPC input tensor: its elements are its slot of <c>raw_input_contents</c> when the request has them, else its typed <c>contents</c>.</summary>
internal sealed class GrpcInputTensor(InferInputTensor tensor, ByteString? raw) : IWireTensor
{
    public string? Name => tensor.Name;

    public string? Datatype => tensor.Datatype;

    public IReadOnlyList<long>? Shape => tensor.Shape;

    public Array ReadElements(string name, DataType datatype, long[] shape, int count)
    {
        if (raw is not null)
        {
            return RawTensors.Read(raw.Span, name, datatype, count);
        }

        var contents = tensor.Contents;
        if (contents is null)
        {
            throw ProtocolException.BadRequest($"input '{name}' has no data: send it in 'contents' or in 'raw_input_contents'.");
        }

        return datatype switch
        {
            DataType.Bool => Exactly(name, shape, count, [.. contents.BoolContents], "bool_contents"),
            DataType.Int64 => Exactly(name, shape, count, [.. contents.Int64Contents], "int64_contents"),
            DataType.UInt64 => Exactly(name, shape, count, [.. contents.Uint64Contents], "uint64_contents"),
            DataType.Fp32 => Finite(name, Exactly(name, shape, count, [.. contents.Fp32Contents], "fp32_contents")),
            DataType.Fp64 => Finite(name, Exactly(name, shape, count, [.. contents.Fp64Contents], "fp64_contents")),
            DataType.Int8 => Narrow<int, sbyte>(name, shape, count, contents.IntContents, "int_contents", sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v),
            DataType.Int16 => Narrow<int, short>(name, shape, count, contents.IntContents, "int_contents", short.MinValue, short.MaxValue, v => (short)v),
            DataType.Int32 => Exactly(name, shape, count, [.. contents.IntContents], "int_contents"),
            DataType.UInt8 => Narrow<uint, byte>(name, shape, count, contents.UintContents, "uint_contents", byte.MinValue, byte.MaxValue, v => (byte)v),
            DataType.UInt16 => Narrow<uint, ushort>(name, shape, count, contents.UintContents, "uint_contents", ushort.MinValue, ushort.MaxValue, v => (ushort)v),
            DataType.UInt32 => Exactly(name, shape, count, [.. contents.UintContents], "uint_contents"),
            DataType.Bytes => Strings(name, shape, count, contents.BytesContents),
            _ => throw ProtocolException.BadRequest($"input '{name}' is {datatype.ToProtocolName()}, which has no typed 'contents' field; send it in 'raw_input_contents'."),
        };
    }

    private static T[] Exactly<T>(string name, long[] shape, int count, T[] values, string field) =>
        values.Length == count
            ? values
            : throw ProtocolException.BadRequest($"input '{name}' has {values.Length} element(s) in contents.{field} but shape [{string.Join(", ", shape)}] needs {count}.");

    private static TOut[] Narrow<TIn, TOut>(string name, long[] shape, int count, IReadOnlyList<TIn> values, string field, long min, long max, Func<TIn, TOut> convert)
        where TIn : System.Numerics.INumber<TIn>
    {
        var exact = Exactly(name, shape, count, values.ToArray(), field);
        var result = new TOut[count];
        for (var i = 0; i < count; i++)
        {
            var value = long.CreateChecked(exact[i]);
            if (value < min || value > max)
            {
                throw ProtocolException.BadRequest($"input '{name}' element {i} is {value}; its datatype needs an integer in {min}..{max}.");
            }

            result[i] = convert(exact[i]);
        }

        return result;
    }

    private static string[] Strings(string name, long[] shape, int count, IReadOnlyList<ByteString> values)
    {
        var bytes = Exactly(name, shape, count, values.ToArray(), "bytes_contents");
        var strings = new string[count];
        for (var i = 0; i < count; i++)
        {
            strings[i] = RawTensors.Text(bytes[i].Span, name, i);
        }

        return strings;
    }

    private static T[] Finite<T>(string name, T[] values) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw ProtocolException.BadRequest($"input '{name}' element {i} is {values[i]}; it needs a finite number.");
            }
        }

        return values;
    }
}
