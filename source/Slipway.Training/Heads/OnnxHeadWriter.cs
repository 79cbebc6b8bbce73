using Google.Protobuf;

namespace Slipway.Training.Heads;

/// <summary>
/// Writes a <see cref="LinearHead"/> as an ONNX graph (opset 13): <c>embedding</c> FP32 [n, d] → Gemm (W transposed,
/// plus b) → Softmax over the classes → <c>probabilities</c> FP32 [n, classes]. The protobuf is written field by
/// field in a fixed order with the tensors as little-endian raw data, so the same head always gives the same bytes.
/// </summary>
public static class OnnxHeadWriter
{
    public const string InputName = "embedding";
    public const string OutputName = "probabilities";

    private const int FloatType = 1;

    public static byte[] Write(LinearHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var classes = head.Classes.Count;
        var dimension = head.Dimension;
        var weights = new float[classes * dimension];
        for (var c = 0; c < classes; c++)
        {
            head.Weights[c].CopyTo(weights, c * dimension);
        }

        var graph = Message(g =>
        {
            g.Bytes(1, Node(["embedding", "W", "B"], ["logits"], "head_gemm", "Gemm", Message(a => { a.String(1, "transB"); a.Int64(3, 1); a.Int64(20, 2); })));
            g.Bytes(1, Node(["logits"], [OutputName], "head_softmax", "Softmax", Message(a => { a.String(1, "axis"); a.Int64(3, 1); a.Int64(20, 2); })));
            g.String(2, "slipway_text_classification_head");
            g.Bytes(5, FloatTensor("W", [classes, dimension], weights));
            g.Bytes(5, FloatTensor("B", [classes], head.Biases));
            g.Bytes(11, ValueInfo(InputName, dimension));
            g.Bytes(12, ValueInfo(OutputName, classes));
        });

        return Message(m =>
        {
            m.Int64(1, 8); // IR version 8 (ONNX 1.13+)
            m.String(2, "slipway-training");
            m.String(3, TrainingParameters.Revision);
            m.Bytes(7, graph);
            m.Bytes(8, Message(o => { o.String(1, string.Empty); o.Int64(2, 13); }));
        });
    }

    private static byte[] Node(string[] inputs, string[] outputs, string name, string opType, byte[] attribute) => Message(n =>
    {
        foreach (var input in inputs)
        {
            n.String(1, input);
        }

        foreach (var output in outputs)
        {
            n.String(2, output);
        }

        n.String(3, name);
        n.String(4, opType);
        n.Bytes(5, attribute);
    });

    private static byte[] FloatTensor(string name, long[] dims, float[] values) => Message(t =>
    {
        foreach (var dim in dims)
        {
            t.Int64(1, dim);
        }

        t.Int64(2, FloatType);
        t.String(8, name);
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        t.Bytes(9, raw);
    });

    /// <summary>A float tensor [batch, width] with a symbolic batch dimension.</summary>
    private static byte[] ValueInfo(string name, int width) => Message(v =>
    {
        v.String(1, name);
        v.Bytes(2, Message(type => type.Bytes(1, Message(tensor =>
        {
            tensor.Int64(1, FloatType);
            tensor.Bytes(2, Message(shape =>
            {
                shape.Bytes(1, Message(d => d.String(2, "batch")));
                shape.Bytes(1, Message(d => d.Int64(1, width)));
            }));
        }))));
    });

    private static byte[] Message(Action<Writer> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(new Writer(output));
        output.Flush();
        return buffer.ToArray();
    }

    private readonly struct Writer(CodedOutputStream output)
    {
        public void Int64(int field, long value)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt64(value);
        }

        public void String(int field, string value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
        }

        public void Bytes(int field, byte[] value)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(value));
        }
    }
}
