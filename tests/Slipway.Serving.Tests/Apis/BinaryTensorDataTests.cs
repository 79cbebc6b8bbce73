using System.Text;
using System.Text.Json.Nodes;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Apis;

/// <summary>The binary tensor data extension (REST), with bodies built byte by byte from its definition.</summary>
[Collection(ServingCollection.Name)]
public sealed class BinaryTensorDataTests(SharedServing serving)
{
    private static readonly byte[] A = BinaryBody.Floats(1, 2, 3);
    private static readonly byte[] B = BinaryBody.Floats(10, 20, 30);

    /// <summary>Raw little-endian bytes of two elements per echo datatype (BYTES length-prefixed), with a non-ASCII string.</summary>
    private static readonly Dictionary<string, byte[]> EchoBytes = new()
    {
        ["BOOL"] = [1, 0],
        ["UINT8"] = [0, 255],
        ["UINT16"] = [0x34, 0x12, 0xFF, 0xFF],
        ["UINT32"] = [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF],
        ["UINT64"] = [.. BitConverter.GetBytes(ulong.MaxValue), .. BitConverter.GetBytes(7UL)],
        ["INT8"] = [0x80, 0x7F],
        ["INT16"] = [.. BitConverter.GetBytes((short)-2), .. BitConverter.GetBytes((short)300)],
        ["INT32"] = [.. BitConverter.GetBytes(int.MinValue), .. BitConverter.GetBytes(42)],
        ["INT64"] = [.. BitConverter.GetBytes(long.MinValue), .. BitConverter.GetBytes(-1L)],
        ["FP16"] = [.. BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)1.5)), .. BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)(-65504)))],
        ["FP32"] = BinaryBody.Floats(0.1f, -3.4e38f),
        ["FP64"] = [.. BitConverter.GetBytes(Math.PI), .. BitConverter.GetBytes(-1e300)],
        ["BYTES"] = BinaryBody.Strings("Grüße aus Köln ☕", ""),
    };

    [Fact]
    public async Task EveryDatatypeGoesInAndComesBackAsTheSameRawBytes()
    {
        // Arrange
        var types = ModelRepositoryBuilder.EchoTypes.Select(t => t.Datatype).ToList();
        var header = new JsonObject
        {
            ["inputs"] = new JsonArray([.. types.Select(t => (JsonNode)BinaryBody.Input($"x_{t.ToLowerInvariant()}", t, [2], EchoBytes[t].Length))]),
            ["parameters"] = new JsonObject { ["binary_data_output"] = true },
        };
        var (body, headerLength) = BinaryBody.Build(header, [.. types.Select(t => EchoBytes[t])]);

        // Act
        using var response = await BinaryBody.PostAsync(serving.Client, "/v2/models/echo/infer", body, headerLength);

        // Assert
        ((int)response.StatusCode).ShouldBe(200, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/octet-stream");
        var (answer, outputs) = await BinaryBody.ReadAsync(response);
        foreach (var type in types)
        {
            var name = $"y_{type.ToLowerInvariant()}";
            outputs[name].ShouldBe(EchoBytes[type], $"output {name}");
            answer["outputs"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == name)!["data"].ShouldBeNull();
        }
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public async Task MixedBinaryAndJsonInputsGiveAJsonAnswerWhenNoBinaryOutputIsAsked(string? contentType)
    {
        // Arrange: 'a' in the binary part, 'b' as JSON data
        var header = new JsonObject
        {
            ["id"] = "mixed-1",
            ["inputs"] = new JsonArray(
                BinaryBody.Input("a", "FP32", [1, 3], A.Length),
                new JsonObject { ["name"] = "b", ["shape"] = new JsonArray(1, 3), ["datatype"] = "FP32", ["data"] = new JsonArray(10, 20, 30) }),
        };
        var (body, headerLength) = BinaryBody.Build(header, A);

        // Act
        using var response = await BinaryBody.PostAsync(serving.Client, "/v2/models/adder/infer", body, headerLength, contentType);

        // Assert
        ((int)response.StatusCode).ShouldBe(200, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/json");
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        answer["id"]!.GetValue<string>().ShouldBe("mixed-1");
        answer["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<float>()).ShouldBe([11f, 22f, 33f]);
    }

    [Fact]
    public async Task AnOutputsOwnBinaryFlagWinsOverTheRequestsFlag()
    {
        // Arrange: every output binary by default, but 'product' asks for JSON
        var header = new JsonObject
        {
            ["inputs"] = new JsonArray(BinaryBody.Input("a", "FP32", [1, 3], A.Length), BinaryBody.Input("b", "FP32", [1, 3], B.Length)),
            ["outputs"] = new JsonArray(
                new JsonObject { ["name"] = "sum" },
                new JsonObject { ["name"] = "product", ["parameters"] = new JsonObject { ["binary_data"] = false } }),
            ["parameters"] = new JsonObject { ["binary_data_output"] = true },
        };
        var (body, headerLength) = BinaryBody.Build(header, A, B);

        // Act
        using var response = await BinaryBody.PostAsync(serving.Client, "/v2/models/adder/infer", body, headerLength);

        // Assert
        ((int)response.StatusCode).ShouldBe(200, await response.Content.ReadAsStringAsync());
        var (answer, outputs) = await BinaryBody.ReadAsync(response);
        BinaryBody.ToFloats(outputs["sum"]).ShouldBe([11f, 22f, 33f]);
        outputs.ShouldNotContainKey("product");
        var product = answer["outputs"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "product")!;
        product["data"]!.AsArray().Select(v => v!.GetValue<float>()).ShouldBe([10f, 40f, 90f]);
        product["parameters"].ShouldBeNull();
    }

    public static TheoryData<string, string?, string> Malformed() => new()
    {
        // sizes that do not add up to the body
        { "sizes short of the body", null, "every byte after the header must belong to an input" },
        { "size past the body", null, "only 12 byte(s) of the body remain" },
        { "header length past the end", "100000", "'Inference-Header-Content-Length' is 100000 but the body has" },
        { "negative header length", "-5", "it must be the length in bytes of the JSON part" },
        { "negative binary_data_size", null, "it must be a whole number of bytes, 0 or more" },
        { "binary_data_size without the header", "none", "the request has no 'Inference-Header-Content-Length' header" },
        { "data and binary_data_size", null, "has both 'data' and parameters.binary_data_size" },
        { "wrong byte count for the shape", null, "needs 3 FP32 element(s) of 4 byte(s) = 12 bytes" },
        { "BYTES length past the end", null, "declares a length of 1000 byte(s) at byte 0, but only 2 byte(s) follow" },
        { "BYTES not UTF-8", null, "element 0 is not valid UTF-8 text" },
        { "NaN in FP32", null, "element 1 is NaN; datatype FP32 needs a finite number" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedBinaryBodiesGetAPrecise400(string @case, string? headerOverride, string expected)
    {
        // Arrange
        var (model, header, chunks) = @case switch
        {
            "sizes short of the body" => ("adder", Adder(A.Length, B.Length), new[] { A, B, [9, 9] }),
            "size past the body" => ("adder", Adder(A.Length, 100), new[] { A, B }),
            "negative binary_data_size" => ("adder", Adder(A.Length, -1), new[] { A, B }),
            "data and binary_data_size" => ("adder", WithData(Adder(A.Length, B.Length)), new[] { A, B }),
            "wrong byte count for the shape" => ("adder", Adder(A.Length, 10), new[] { A, B[..10] }),
            "BYTES length past the end" => ("minilm", Text(6), new[] { new byte[] { 0xE8, 0x03, 0, 0, (byte)'h', (byte)'i' } }),
            "BYTES not UTF-8" => ("minilm", Text(6), new[] { new byte[] { 2, 0, 0, 0, 0xC3, 0x28 } }),
            "binary_data_size without the header" => ("adder", Adder(A.Length, B.Length), Array.Empty<byte[]>()),
            "NaN in FP32" => ("adder", Adder(A.Length, B.Length), new[] { A, BinaryBody.Floats(1, float.NaN, 3) }),
            _ => ("adder", Adder(A.Length, B.Length), new[] { A, B }),
        };
        var (body, headerLength) = BinaryBody.Build(header, chunks);

        // Act
        using var response = headerOverride switch
        {
            "none" => await BinaryBody.PostAsync(serving.Client, $"/v2/models/{model}/infer", body, null),
            { } value => await PostWithHeaderAsync(model, body, value),
            null => await BinaryBody.PostAsync(serving.Client, $"/v2/models/{model}/infer", body, headerLength),
        };

        // Assert
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(400, text);
        response.Content.Headers.ContentType!.ToString().ShouldBe("application/json");
        JsonNode.Parse(text)!["error"]!.GetValue<string>().ShouldContain(expected);
    }

    [Fact]
    public async Task ABinaryBodySentWithoutTheHeaderGetsAHintInsteadOfAJsonParseErrorOnly()
    {
        // Arrange: what a client sends when it forgets the header
        var (body, _) = BinaryBody.Build(Adder(A.Length, B.Length), A, B);

        // Act
        using var response = await BinaryBody.PostAsync(serving.Client, "/v2/models/adder/infer", body, null);

        // Assert
        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("send the 'Inference-Header-Content-Length' header with the length of its JSON part");
    }

    [Fact]
    public async Task TheBodyLimitCountsTheBinaryPartToo()
    {
        // Arrange: a small header and 4 KiB of binary data against a 2 KiB limit
        using var repository = new ModelRepositoryBuilder().WithAdder();
        await using var app = new ServingApp(repository.Root, new Dictionary<string, string?> { ["Serving:MaxRequestBodyBytes"] = "2048" });
        var client = await app.StartAsync();
        var (body, headerLength) = BinaryBody.Build(Adder(4096, 12), new byte[4096], B);

        // Act
        using var response = await BinaryBody.PostAsync(client, "/v2/models/adder/infer", body, headerLength);

        // Assert
        ((int)response.StatusCode).ShouldBe(413);
        (await response.Content.ReadAsStringAsync()).ShouldContain("the limit is 2048 bytes");
    }

    [Fact]
    public async Task EmbeddingsAreIdenticalOverJsonAndBinaryIncludingNonAsciiText()
    {
        // Arrange
        string[] sentences = ["Grüße aus Köln — naïve café ☕", "日本語の文です。", "plain ascii"];
        var header = new JsonObject
        {
            ["inputs"] = new JsonArray(BinaryBody.Input("text", "BYTES", [sentences.Length], BinaryBody.Strings(sentences).Length)),
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "embedding", ["parameters"] = new JsonObject { ["binary_data"] = true } }),
        };
        var (body, headerLength) = BinaryBody.Build(header, BinaryBody.Strings(sentences));

        // Act
        var (_, json, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/infer", Http.Texts(sentences));
        using var response = await BinaryBody.PostAsync(serving.Client, "/v2/models/minilm/infer", body, headerLength);

        // Assert
        ((int)response.StatusCode).ShouldBe(200, await response.Content.ReadAsStringAsync());
        var (_, outputs) = await BinaryBody.ReadAsync(response);
        BinaryBody.ToFloats(outputs["embedding"]).ShouldBe(Http.Embeddings(json!).SelectMany(v => v).ToArray());
    }

    private async Task<HttpResponseMessage> PostWithHeaderAsync(string model, byte[] body, string headerValue)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", headerValue);
        return await serving.Client.PostAsync($"/v2/models/{model}/infer", content);
    }

    private static JsonObject Adder(int aSize, int bSize) => new()
    {
        ["inputs"] = new JsonArray(BinaryBody.Input("a", "FP32", [1, 3], aSize), BinaryBody.Input("b", "FP32", [1, 3], bSize)),
    };

    private static JsonObject Text(int size) => new() { ["inputs"] = new JsonArray(BinaryBody.Input("text", "BYTES", [1], size)) };

    private static JsonObject WithData(JsonObject header)
    {
        header["inputs"]![1]!["data"] = new JsonArray(1, 2, 3);
        return header;
    }
}
