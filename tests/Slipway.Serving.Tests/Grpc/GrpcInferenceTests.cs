using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Slipway.Serving.Grpc;
using Slipway.Serving.Tests.Fixtures;
using static Slipway.Serving.Grpc.ModelInferRequest.Types;

namespace Slipway.Serving.Tests.Grpc;

/// <summary><c>inference.GRPCInferenceService</c> through a client generated from the proto, against the same service as the REST tests.</summary>
[Collection(ServingCollection.Name)]
public sealed class GrpcInferenceTests(SharedServing serving) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(serving.App.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = serving.App.Server.CreateHandler() });

    private GRPCInferenceService.GRPCInferenceServiceClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task HealthAndServerMetadataAnswerLikeRest()
    {
        // Act
        var live = await Client.ServerLiveAsync(new ServerLiveRequest());
        var ready = await Client.ServerReadyAsync(new ServerReadyRequest());
        var metadata = await Client.ServerMetadataAsync(new ServerMetadataRequest());
        var (_, rest) = await serving.Client.GetJsonAsync("/v2");

        // Assert
        live.Live.ShouldBeTrue();
        ready.Ready.ShouldBeTrue();
        metadata.Name.ShouldBe(rest!["name"]!.GetValue<string>());
        metadata.Version.ShouldBe(rest["version"]!.GetValue<string>());
        metadata.Extensions.ShouldBe(["binary_tensor_data"]);
    }

    [Fact]
    public async Task ModelMetadataAndReadinessMatchRest()
    {
        // Act
        var metadata = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "adder" });
        var ready = await Client.ModelReadyAsync(new ModelReadyRequest { Name = "adder", Version = "2" });
        var (_, rest) = await serving.Client.GetJsonAsync("/v2/models/adder");

        // Assert
        ready.Ready.ShouldBeTrue();
        metadata.Name.ShouldBe("adder");
        metadata.Versions.ShouldBe(rest!["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        metadata.Inputs.Select(i => $"{i.Name} {i.Datatype} [{string.Join(",", i.Shape)}]").ShouldBe(["a FP32 [-1,3]", "b FP32 [-1,3]"]);
        metadata.Outputs.Select(o => o.Name).ShouldBe(["sum", "product"]);
    }

    [Fact]
    public async Task AnUnknownModelIsNotFoundWithTheRestMessage()
    {
        // Act
        var error = await Should.ThrowAsync<RpcException>(() => Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "nope" }).ResponseAsync);
        var (status, rest) = await serving.Client.GetJsonAsync("/v2/models/nope");

        // Assert
        status.ShouldBe(404);
        error.StatusCode.ShouldBe(StatusCode.NotFound);
        error.Status.Detail.ShouldBe(rest!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task TypedContentsAndRawContentsGiveTheSameAnswer()
    {
        // Arrange
        var typed = AdderRequest();
        typed.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { 1, 2, 3 } };
        typed.Inputs[1].Contents = new InferTensorContents { Fp32Contents = { 10, 20, 30 } };
        var raw = AdderRequest();
        raw.RawInputContents.Add(ByteString.CopyFrom(BinaryBody.Floats(1, 2, 3)));
        raw.RawInputContents.Add(ByteString.CopyFrom(BinaryBody.Floats(10, 20, 30)));

        // Act
        var fromTyped = await Client.ModelInferAsync(typed);
        var fromRaw = await Client.ModelInferAsync(raw);

        // Assert: outputs always come back raw, in output order
        foreach (var response in new[] { fromTyped, fromRaw })
        {
            response.ModelName.ShouldBe("adder");
            response.ModelVersion.ShouldBe("2");
            response.Id.ShouldBe("grpc-1");
            response.Outputs.Select(o => $"{o.Name} {o.Datatype} [{string.Join(",", o.Shape)}]").ShouldBe(["sum FP32 [1,3]", "product FP32 [1,3]"]);
            BinaryBody.ToFloats(response.RawOutputContents[0].Span).ShouldBe([11f, 22f, 33f]);
            BinaryBody.ToFloats(response.RawOutputContents[1].Span).ShouldBe([10f, 40f, 90f]);
        }
    }

    [Fact]
    public async Task EveryDatatypeRoundTripsThroughRawContents()
    {
        // Arrange: two elements per datatype, BYTES with non-ASCII text
        var request = new ModelInferRequest { ModelName = "echo" };
        var sent = new Dictionary<string, byte[]>();
        foreach (var (datatype, _) in ModelRepositoryBuilder.EchoTypes)
        {
            var bytes = datatype switch
            {
                "BYTES" => BinaryBody.Strings("naïve café ☕", "x"),
                "BOOL" => [1, 0],
                _ => Enumerable.Range(1, 2 * Size(datatype)).Select(i => (byte)(i * 7)).ToArray(),
            };
            if (datatype is "FP16")
            {
                bytes = [.. BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)0.5)), .. BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)2))];
            }

            if (datatype is "FP32" or "FP64")
            {
                bytes = datatype == "FP32" ? BinaryBody.Floats(0.25f, -8) : [.. BitConverter.GetBytes(0.125), .. BitConverter.GetBytes(-3.0)];
            }

            var name = $"x_{datatype.ToLowerInvariant()}";
            request.Inputs.Add(new InferInputTensor { Name = name, Datatype = datatype, Shape = { 2 } });
            request.RawInputContents.Add(ByteString.CopyFrom(bytes));
            sent[$"y_{datatype.ToLowerInvariant()}"] = bytes;
        }

        // Act
        var response = await Client.ModelInferAsync(request);

        // Assert
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            response.RawOutputContents[i].ToByteArray().ShouldBe(sent[response.Outputs[i].Name], response.Outputs[i].Name);
        }

        response.Outputs.Count.ShouldBe(ModelRepositoryBuilder.EchoTypes.Count);
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { "wrong datatype", """{"name":"a","shape":[1,3],"datatype":"INT32","data":[1,2,3]}""" },
        { "wrong element count", """{"name":"a","shape":[1,3],"datatype":"FP32","data":[1,2]}""" },
        { "unknown input", """{"name":"c","shape":[1,3],"datatype":"FP32","data":[1,2,3]}""" },
        { "wrong shape", """{"name":"a","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}""" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ABadInputIsInvalidArgumentWithExactlyTheRestMessage(string @case, string firstInput)
    {
        // Arrange: the same request over both protocols
        var input = JsonNode.Parse(firstInput)!;
        var restBody = $$"""{"inputs":[{{firstInput}},{"name":"b","shape":[1,3],"datatype":"FP32","data":[1,1,1]}]}""";
        var request = new ModelInferRequest { ModelName = "adder" };
        var tensor = new InferInputTensor { Name = input["name"]!.GetValue<string>(), Datatype = input["datatype"]!.GetValue<string>() };
        tensor.Shape.AddRange(input["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        var data = input["data"]!.AsArray().Select(v => v!.GetValue<int>()).ToList();
        tensor.Contents = tensor.Datatype == "INT32" ? new InferTensorContents { IntContents = { data } } : new InferTensorContents { Fp32Contents = { data.Select(v => (float)v) } };
        request.Inputs.Add(tensor);
        request.Inputs.Add(new InferInputTensor { Name = "b", Datatype = "FP32", Shape = { 1, 3 }, Contents = new InferTensorContents { Fp32Contents = { 1, 1, 1 } } });

        // Act
        var error = await Should.ThrowAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);
        var (status, rest, _) = await serving.Client.PostJsonAsync("/v2/models/adder/infer", restBody);

        // Assert
        status.ShouldBe(400, @case);
        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldBe(rest!["error"]!.GetValue<string>().Replace("in 'data'", "in contents.fp32_contents"), @case);
    }

    [Fact]
    public async Task RawContentsThatDoNotMatchTheInputsAreRefusedPrecisely()
    {
        // Arrange
        var tooFew = AdderRequest();
        tooFew.RawInputContents.Add(ByteString.CopyFrom(BinaryBody.Floats(1, 2, 3)));
        var both = AdderRequest();
        both.RawInputContents.Add(ByteString.CopyFrom(BinaryBody.Floats(1, 2, 3)));
        both.RawInputContents.Add(ByteString.CopyFrom(BinaryBody.Floats(1, 2, 3)));
        both.Inputs[1].Contents = new InferTensorContents { Fp32Contents = { 1, 2, 3 } };
        var short4 = AdderRequest();
        short4.RawInputContents.Add(ByteString.CopyFrom(BinaryBody.Floats(1, 2, 3)));
        short4.RawInputContents.Add(ByteString.CopyFrom(BinaryBody.Floats(1, 2)));

        // Act
        var errors = new List<RpcException>();
        foreach (var request in new[] { tooFew, both, short4 })
        {
            errors.Add(await Should.ThrowAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync));
        }

        // Assert
        errors.ShouldAllBe(e => e.StatusCode == StatusCode.InvalidArgument);
        errors[0].Status.Detail.ShouldContain("has 1 raw_input_contents for 2 input(s)");
        errors[1].Status.Detail.ShouldContain("input 'b' has 'contents' although the request uses raw_input_contents");
        errors[2].Status.Detail.ShouldContain("input 'b' has 8 byte(s) of raw data, but its shape needs 3 FP32 element(s) of 4 byte(s) = 12 bytes");
    }

    [Fact]
    public async Task Fp16WithoutRawContentsSaysToSendRawContents()
    {
        // Arrange
        var request = new ModelInferRequest { ModelName = "echo" };
        foreach (var (datatype, _) in ModelRepositoryBuilder.EchoTypes)
        {
            request.Inputs.Add(new InferInputTensor { Name = $"x_{datatype.ToLowerInvariant()}", Datatype = datatype, Shape = { 0 }, Contents = new InferTensorContents() });
        }

        // Act
        var error = await Should.ThrowAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);

        // Assert
        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        error.Status.Detail.ShouldContain("input 'x_fp16' is FP16, which has no typed 'contents' field; send it in 'raw_input_contents'");
    }

    [Fact]
    public async Task GrpcRequestsAreCountedInTheSameMetricsAsRest()
    {
        // Arrange
        var before = await Count("slipway_inference_requests_total{model=\"adder\",version=\"1\",status=\"200\"}");
        var request = AdderRequest();
        request.ModelVersion = "1";
        request.RawInputContents.Add(ByteString.CopyFrom(BinaryBody.Floats(1, 2, 3)));
        request.RawInputContents.Add(ByteString.CopyFrom(BinaryBody.Floats(1, 2, 3)));

        // Act
        await Client.ModelInferAsync(request);
        await Client.ModelInferAsync(request);

        // Assert
        (await Count("slipway_inference_requests_total{model=\"adder\",version=\"1\",status=\"200\"}")).ShouldBeGreaterThanOrEqualTo(before + 2);
    }

    [Fact]
    public async Task EmbeddingsAreIdenticalOverJsonBinaryAndGrpcIncludingNonAsciiText()
    {
        // Arrange
        string[] sentences = ["Grüße aus Köln — naïve café ☕", "日本語の文です。", "plain ascii"];
        var raw = new ModelInferRequest { ModelName = "minilm", Inputs = { new InferInputTensor { Name = "text", Datatype = "BYTES", Shape = { sentences.Length } } } };
        raw.RawInputContents.Add(ByteString.CopyFrom(BinaryBody.Strings(sentences)));
        var typed = new ModelInferRequest { ModelName = "minilm", Inputs = { new InferInputTensor { Name = "text", Datatype = "BYTES", Shape = { sentences.Length } } } };
        typed.Inputs[0].Contents = new InferTensorContents { BytesContents = { sentences.Select(ByteString.CopyFromUtf8) } };

        // Act
        var (_, json, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/infer", Http.Texts(sentences));
        var fromRaw = await Client.ModelInferAsync(raw);
        var fromTyped = await Client.ModelInferAsync(typed);

        // Assert: bit for bit
        var expected = Http.Embeddings(json!).SelectMany(v => v).ToArray();
        BinaryBody.ToFloats(fromRaw.RawOutputContents[0].Span).ShouldBe(expected);
        BinaryBody.ToFloats(fromTyped.RawOutputContents[0].Span).ShouldBe(expected);
    }

    private async Task<double> Count(string series)
    {
        var text = await serving.Client.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ModelInferRequest AdderRequest() => new()
    {
        ModelName = "adder",
        Id = "grpc-1",
        Inputs =
        {
            new InferInputTensor { Name = "a", Datatype = "FP32", Shape = { 1, 3 } },
            new InferInputTensor { Name = "b", Datatype = "FP32", Shape = { 1, 3 } },
        },
    };

    private static int Size(string datatype) => datatype switch
    {
        "UINT8" or "INT8" => 1,
        "UINT16" or "INT16" => 2,
        "UINT32" or "INT32" => 4,
        _ => 8,
    };
}
