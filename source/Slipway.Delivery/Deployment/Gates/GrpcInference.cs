using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Slipway.Serving.Grpc;

namespace Slipway.Delivery.Deployment.Gates;

/// <summary>
/// Translates between the Open Inference Protocol's JSON (REST) and its gRPC messages, so the gRPC gate sends the smoke
/// gate's own request and judges the answer with the smoke gate's own check (<see cref="SmokeInference.Check"/>).
/// </summary>
internal static class GrpcInference
{
    /// <summary>
    /// The gRPC form of a JSON infer request body (as <see cref="SmokeInference.RequestBody"/> builds it): typed contents per
    /// datatype; when an input is FP16 (which has no typed field) every input goes as raw little-endian contents.
    /// </summary>
    public static ModelInferRequest Request(string model, string jsonBody)
    {
        var body = JsonNode.Parse(jsonBody) as JsonObject ?? throw new InvalidDataException("The infer request body is not a JSON object.");
        var request = new ModelInferRequest { ModelName = model, Id = body["id"]?.GetValue<string>() ?? "" };
        var inputs = (body["inputs"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var raw = inputs.Any(input => Datatype(input) == "FP16");
        foreach (var input in inputs)
        {
            var tensor = new ModelInferRequest.Types.InferInputTensor { Name = input["name"]!.GetValue<string>(), Datatype = Datatype(input) };
            tensor.Shape.AddRange((input["shape"] as JsonArray ?? []).Select(d => d!.GetValue<long>()));
            var data = Flatten(input["data"]).ToList();
            if (raw)
                request.RawInputContents.Add(ByteString.CopyFrom(Raw(tensor.Datatype, data)));
            else
                tensor.Contents = Contents(tensor.Datatype, data);
            request.Inputs.Add(tensor);
        }

        return request;
    }

    /// <summary>The JSON form of a gRPC infer response (outputs with name, datatype, shape and data), typed or raw contents alike.</summary>
    public static JsonObject Response(ModelInferResponse response)
    {
        var outputs = new JsonArray();
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            var output = response.Outputs[i];
            var data = i < response.RawOutputContents.Count
                ? FromRaw(output.Datatype, response.RawOutputContents[i].Span)
                : FromContents(output.Datatype, output.Contents);
            outputs.Add(new JsonObject
            {
                ["name"] = output.Name,
                ["datatype"] = output.Datatype,
                ["shape"] = new JsonArray(output.Shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
                ["data"] = data,
            });
        }

        return new JsonObject { ["model_name"] = response.ModelName, ["outputs"] = outputs };
    }

    private static string Datatype(JsonObject tensor) => tensor["datatype"]?.GetValue<string>().ToUpperInvariant() ?? "";

    private static IEnumerable<JsonNode> Flatten(JsonNode? node) => node switch
    {
        JsonArray array => array.SelectMany(Flatten),
        null => [],
        _ => [node],
    };

    private static InferTensorContents Contents(string datatype, IReadOnlyList<JsonNode> data)
    {
        var contents = new InferTensorContents();
        switch (datatype)
        {
            case "BOOL": contents.BoolContents.AddRange(data.Select(v => v.GetValue<bool>())); break;
            case "INT8" or "INT16" or "INT32": contents.IntContents.AddRange(data.Select(v => v.GetValue<int>())); break;
            case "INT64": contents.Int64Contents.AddRange(data.Select(v => v.GetValue<long>())); break;
            case "UINT8" or "UINT16" or "UINT32": contents.UintContents.AddRange(data.Select(v => v.GetValue<uint>())); break;
            case "UINT64": contents.Uint64Contents.AddRange(data.Select(v => v.GetValue<ulong>())); break;
            case "FP32": contents.Fp32Contents.AddRange(data.Select(v => (float)v.GetValue<double>())); break;
            case "FP64": contents.Fp64Contents.AddRange(data.Select(v => v.GetValue<double>())); break;
            case "BYTES": contents.BytesContents.AddRange(data.Select(v => ByteString.CopyFromUtf8(v.GetValue<string>()))); break;
            default: throw new InvalidDataException($"Datatype '{datatype}' is not an Open Inference Protocol datatype.");
        }

        return contents;
    }

    private static byte[] Raw(string datatype, IReadOnlyList<JsonNode> data)
    {
        using var bytes = new MemoryStream();
        Span<byte> buffer = stackalloc byte[8];
        foreach (var value in data)
        {
            var size = SizeOf(datatype);
            switch (datatype)
            {
                case "BOOL": buffer[0] = value.GetValue<bool>() ? (byte)1 : (byte)0; break;
                case "INT8": buffer[0] = (byte)(sbyte)value.GetValue<int>(); break;
                case "UINT8": buffer[0] = (byte)value.GetValue<uint>(); break;
                case "INT16": BinaryPrimitives.WriteInt16LittleEndian(buffer, (short)value.GetValue<int>()); break;
                case "UINT16": BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)value.GetValue<uint>()); break;
                case "INT32": BinaryPrimitives.WriteInt32LittleEndian(buffer, value.GetValue<int>()); break;
                case "UINT32": BinaryPrimitives.WriteUInt32LittleEndian(buffer, value.GetValue<uint>()); break;
                case "INT64": BinaryPrimitives.WriteInt64LittleEndian(buffer, value.GetValue<long>()); break;
                case "UINT64": BinaryPrimitives.WriteUInt64LittleEndian(buffer, value.GetValue<ulong>()); break;
                case "FP16": BinaryPrimitives.WriteHalfLittleEndian(buffer, (Half)value.GetValue<double>()); break;
                case "FP32": BinaryPrimitives.WriteSingleLittleEndian(buffer, (float)value.GetValue<double>()); break;
                case "FP64": BinaryPrimitives.WriteDoubleLittleEndian(buffer, value.GetValue<double>()); break;
                case "BYTES":
                    var text = Encoding.UTF8.GetBytes(value.GetValue<string>());
                    BinaryPrimitives.WriteInt32LittleEndian(buffer, text.Length);
                    bytes.Write(buffer[..4]);
                    bytes.Write(text);
                    continue;
                default: throw new InvalidDataException($"Datatype '{datatype}' is not an Open Inference Protocol datatype.");
            }

            bytes.Write(buffer[..size]);
        }

        return bytes.ToArray();
    }

    private static int SizeOf(string datatype) => datatype switch
    {
        "BOOL" or "INT8" or "UINT8" => 1,
        "INT16" or "UINT16" or "FP16" => 2,
        "INT32" or "UINT32" or "FP32" => 4,
        "INT64" or "UINT64" or "FP64" => 8,
        _ => 0,
    };

    private static JsonArray FromContents(string datatype, InferTensorContents? contents)
    {
        if (contents is null)
            return [];
        IEnumerable<JsonNode?> values = datatype.ToUpperInvariant() switch
        {
            "BOOL" => contents.BoolContents.Select(v => (JsonNode?)JsonValue.Create(v)),
            "INT8" or "INT16" or "INT32" => contents.IntContents.Select(v => (JsonNode?)JsonValue.Create(v)),
            "INT64" => contents.Int64Contents.Select(v => (JsonNode?)JsonValue.Create(v)),
            "UINT8" or "UINT16" or "UINT32" => contents.UintContents.Select(v => (JsonNode?)JsonValue.Create(v)),
            "UINT64" => contents.Uint64Contents.Select(v => (JsonNode?)JsonValue.Create(v)),
            "FP32" => contents.Fp32Contents.Select(v => (JsonNode?)JsonValue.Create(v)),
            "FP64" => contents.Fp64Contents.Select(v => (JsonNode?)JsonValue.Create(v)),
            "BYTES" => contents.BytesContents.Select(v => (JsonNode?)JsonValue.Create(v.ToStringUtf8())),
            _ => [],
        };
        return new JsonArray(values.ToArray());
    }

    private static JsonArray FromRaw(string datatype, ReadOnlySpan<byte> raw)
    {
        var values = new JsonArray();
        datatype = datatype.ToUpperInvariant();
        if (datatype == "BYTES")
        {
            while (raw.Length >= 4)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(raw);
                if (length < 0 || length > raw.Length - 4)
                    break;
                values.Add(Encoding.UTF8.GetString(raw.Slice(4, length)));
                raw = raw[(4 + length)..];
            }

            return values;
        }

        var size = SizeOf(datatype);
        for (var offset = 0; size > 0 && offset + size <= raw.Length; offset += size)
        {
            var element = raw.Slice(offset, size);
            values.Add(datatype switch
            {
                "BOOL" => JsonValue.Create(element[0] != 0),
                "INT8" => JsonValue.Create((sbyte)element[0]),
                "UINT8" => JsonValue.Create(element[0]),
                "INT16" => JsonValue.Create(BinaryPrimitives.ReadInt16LittleEndian(element)),
                "UINT16" => JsonValue.Create(BinaryPrimitives.ReadUInt16LittleEndian(element)),
                "INT32" => JsonValue.Create(BinaryPrimitives.ReadInt32LittleEndian(element)),
                "UINT32" => JsonValue.Create(BinaryPrimitives.ReadUInt32LittleEndian(element)),
                "INT64" => JsonValue.Create(BinaryPrimitives.ReadInt64LittleEndian(element)),
                "UINT64" => JsonValue.Create(BinaryPrimitives.ReadUInt64LittleEndian(element)),
                "FP16" => JsonValue.Create((double)BinaryPrimitives.ReadHalfLittleEndian(element)),
                "FP32" => JsonValue.Create(BinaryPrimitives.ReadSingleLittleEndian(element)),
                _ => JsonValue.Create(BinaryPrimitives.ReadDoubleLittleEndian(element)),
            });
        }

        return values;
    }
}
