using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Slipway.Serving.Tests.Fixtures;

/// <summary>
/// Bodies of the binary tensor data extension built byte by byte from its definition (a JSON header, then raw
/// little-endian tensors), as the KServe and Triton client libraries send them, and their binary answers taken apart.
/// </summary>
public static class BinaryBody
{
    /// <summary>The JSON header followed by the chunks; returns the body and the header's length in bytes.</summary>
    public static (byte[] Body, int HeaderLength) Build(JsonNode header, params byte[][] chunks)
    {
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        return ([.. json, .. chunks.SelectMany(c => c)], json.Length);
    }

    /// <summary>BYTES elements: a 4-byte little-endian length, then the UTF-8 bytes, per element.</summary>
    public static byte[] Strings(params string[] texts) =>
        [.. texts.SelectMany(t =>
        {
            var bytes = Encoding.UTF8.GetBytes(t);
            var framed = new byte[4 + bytes.Length];
            BinaryPrimitives.WriteInt32LittleEndian(framed, bytes.Length);
            bytes.CopyTo(framed, 4);
            return framed;
        })];

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    public static float[] ToFloats(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        }

        return values;
    }

    /// <summary>An input whose elements travel in the binary part: <c>parameters.binary_data_size</c> and no data.</summary>
    public static JsonObject Input(string name, string datatype, long[] shape, int binaryDataSize) => new()
    {
        ["name"] = name,
        ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)JsonValue.Create(d))]),
        ["datatype"] = datatype,
        ["parameters"] = new JsonObject { ["binary_data_size"] = binaryDataSize },
    };

    /// <summary>Posts a binary body with the header the client libraries send (and, when given, a content type).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, byte[] body, int? headerLength, string? contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (headerLength is { } length)
        {
            content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", length.ToString(CultureInfo.InvariantCulture));
        }

        return await client.PostAsync(path, content);
    }

    /// <summary>A binary answer taken apart: its JSON header, and each binary output's bytes by name.</summary>
    public static async Task<(JsonNode Header, Dictionary<string, byte[]> Outputs)> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        var headerLength = int.Parse(response.Headers.TryGetValues("Inference-Header-Content-Length", out var values)
            ? values.Single()
            : response.Content.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        var header = JsonNode.Parse(body.AsSpan(0, headerLength))!;
        var outputs = new Dictionary<string, byte[]>();
        var offset = headerLength;
        foreach (var output in header["outputs"]!.AsArray())
        {
            if (output!["parameters"]?["binary_data_size"] is { } size)
            {
                outputs[output["name"]!.GetValue<string>()] = body[offset..(offset + size.GetValue<int>())];
                offset += size.GetValue<int>();
            }
        }

        offset.ShouldBe(body.Length, "the binary outputs' sizes account for the whole body");
        return (header, outputs);
    }
}
