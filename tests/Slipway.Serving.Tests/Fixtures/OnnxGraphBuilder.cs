using System.Text;

namespace Slipway.Serving.Tests.Fixtures;

/// <summary>
/// Writes small ONNX models as protobuf bytes (ModelProto → GraphProto → NodeProto/ValueInfoProto), so tests can
/// serve real graphs without downloading anything. Dimensions of -1 become symbolic ("batch").
/// </summary>
public sealed class OnnxGraphBuilder
{
    public const int Float = 1, UInt8 = 2, Int8 = 3, UInt16 = 4, Int16 = 5, Int32 = 6, Int64 = 7, String = 8, Bool = 9, Float16 = 10, Double = 11, UInt32 = 12, UInt64 = 13;

    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _inputs = [];
    private readonly List<byte[]> _outputs = [];
    private readonly List<byte[]> _initializers = [];

    public OnnxGraphBuilder Input(string name, int elementType, params long[] shape)
    {
        _inputs.Add(ValueInfo(name, elementType, shape));
        return this;
    }

    public OnnxGraphBuilder Output(string name, int elementType, params long[] shape)
    {
        _outputs.Add(ValueInfo(name, elementType, shape));
        return this;
    }

    public OnnxGraphBuilder Node(string opType, string[] inputs, string[] outputs, params (string Name, long Value)[] attributes)
    {
        var node = new Proto();
        foreach (var input in inputs) node.String(1, input);
        foreach (var output in outputs) node.String(2, output);
        node.String(3, $"{opType}_{_nodes.Count}");
        node.String(4, opType);
        foreach (var (name, value) in attributes)
        {
            var attribute = new Proto();
            attribute.String(1, name);
            attribute.Int(3, value);
            attribute.Int(20, 2); // AttributeType INT
            node.Message(5, attribute.ToArray());
        }

        _nodes.Add(node.ToArray());
        return this;
    }

    /// <summary>A constant FP32 tensor (weights) the nodes can name as an input.</summary>
    public OnnxGraphBuilder Initializer(string name, long[] shape, float[] values)
    {
        var tensor = new Proto();
        foreach (var dimension in shape) tensor.Int(1, dimension);
        tensor.Int(2, Float);
        tensor.String(8, name);
        tensor.Message(9, values.SelectMany(BitConverter.GetBytes).ToArray());
        _initializers.Add(tensor.ToArray());
        return this;
    }

    public byte[] Build()
    {
        var graph = new Proto();
        foreach (var node in _nodes) graph.Message(1, node);
        graph.String(2, "slipway_test_graph");
        foreach (var initializer in _initializers) graph.Message(5, initializer);
        foreach (var input in _inputs) graph.Message(11, input);
        foreach (var output in _outputs) graph.Message(12, output);

        var opset = new Proto();
        opset.String(1, "");
        opset.Int(2, 13);

        var model = new Proto();
        model.Int(1, 8); // ir_version
        model.String(2, "slipway-tests"); // producer_name
        model.Message(7, graph.ToArray());
        model.Message(8, opset.ToArray());
        return model.ToArray();
    }

    private static byte[] ValueInfo(string name, int elementType, long[] shape)
    {
        var dims = new Proto();
        foreach (var dimension in shape)
        {
            var dim = new Proto();
            if (dimension < 0) dim.String(2, "batch");
            else dim.Int(1, dimension);
            dims.Message(1, dim.ToArray());
        }

        var tensor = new Proto();
        tensor.Int(1, elementType);
        tensor.Message(2, dims.ToArray());
        var type = new Proto();
        type.Message(1, tensor.ToArray());
        var info = new Proto();
        info.String(1, name);
        info.Message(2, type.ToArray());
        return info.ToArray();
    }

    private sealed class Proto
    {
        private readonly MemoryStream _stream = new();

        public void Int(int field, long value)
        {
            Varint((ulong)(field << 3));
            Varint((ulong)value);
        }

        public void String(int field, string value) => Message(field, Encoding.UTF8.GetBytes(value));

        public void Message(int field, byte[] bytes)
        {
            Varint((ulong)((field << 3) | 2));
            Varint((ulong)bytes.Length);
            _stream.Write(bytes);
        }

        public byte[] ToArray() => _stream.ToArray();

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _stream.WriteByte((byte)value);
        }
    }
}
