using System.Text.Json.Nodes;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Apis;

[Collection(ServingCollection.Name)]
public sealed class InferApiTests(SharedServing serving)
{
    private const string AdderRequest = """
        {"id":"req-7","inputs":[
          {"name":"a","shape":[2,3],"datatype":"FP32","data":[1,2,3,4,5,6]},
          {"name":"b","shape":[2,3],"datatype":"FP32","data":[10,20,30,40,50,60]}]}
        """;

    [Fact]
    public async Task MiniLmReturnsOneUnitLengthVectorOf384PerString()
    {
        // Act
        var (status, body, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/infer", Http.Texts("The cat sits on the mat.", "Stocks fell sharply."));

        // Assert
        status.ShouldBe(200);
        body!["model_name"]!.GetValue<string>().ShouldBe("minilm");
        body["model_version"]!.GetValue<string>().ShouldBe("1");
        body["outputs"]![0]!["datatype"]!.GetValue<string>().ShouldBe("FP32");
        body["outputs"]![0]!["shape"]!.ToJsonString().ShouldBe("[2,384]");
        var vectors = Http.Embeddings(body);
        vectors.ShouldAllBe(v => Math.Abs(System.Numerics.Tensors.TensorPrimitives.Norm(v) - 1f) < 1e-4f);
    }

    [Fact]
    public async Task AdderAddsAndMultipliesElementwise()
    {
        // Act
        var (status, body, _) = await serving.Client.PostJsonAsync("/v2/models/adder/infer", AdderRequest);

        // Assert
        status.ShouldBe(200);
        var outputs = body!["outputs"]!.AsArray();
        outputs.Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["sum", "product"]);
        outputs[0]!["data"]!.ToJsonString().ShouldBe("[11,22,33,44,55,66]");
        outputs[1]!["data"]!.ToJsonString().ShouldBe("[10,40,90,160,250,360]");
        outputs[0]!["shape"]!.ToJsonString().ShouldBe("[2,3]");
    }

    [Fact]
    public async Task RequestIdIsEchoed()
    {
        // Act
        var (_, body, _) = await serving.Client.PostJsonAsync("/v2/models/adder/infer", AdderRequest);

        // Assert
        body!["id"]!.GetValue<string>().ShouldBe("req-7");
    }

    [Fact]
    public async Task ResponseWithoutRequestIdHasNoIdField()
    {
        // Act
        var (_, body, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/infer", Http.Texts("hello"));

        // Assert
        body!.AsObject().ContainsKey("id").ShouldBeFalse();
    }

    [Fact]
    public async Task OutputsFilterReturnsOnlyTheNamedOutputs()
    {
        // Arrange
        var request = JsonNode.Parse(AdderRequest)!;
        request["outputs"] = new JsonArray(new JsonObject { ["name"] = "product" });

        // Act
        var (status, body, _) = await serving.Client.PostJsonAsync("/v2/models/adder/infer", request.ToJsonString());

        // Assert
        status.ShouldBe(200);
        body!["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["product"]);
    }

    [Fact]
    public async Task NestedDataGivesTheSameAnswerAsFlatData()
    {
        // Arrange
        const string nested = """
            {"inputs":[
              {"name":"a","shape":[2,3],"datatype":"FP32","data":[[1,2,3],[4,5,6]]},
              {"name":"b","shape":[2,3],"datatype":"FP32","data":[[10,20,30],[40,50,60]]}]}
            """;

        // Act
        var (_, flatBody, _) = await serving.Client.PostJsonAsync("/v2/models/adder/infer", AdderRequest);
        var (status, nestedBody, _) = await serving.Client.PostJsonAsync("/v2/models/adder/infer", nested);

        // Assert
        status.ShouldBe(200);
        nestedBody!["outputs"]!.ToJsonString().ShouldBe(flatBody!["outputs"]!.ToJsonString());
    }

    [Fact]
    public async Task VersionedRouteAnswersWithThatVersion()
    {
        // Act
        var (status, body, _) = await serving.Client.PostJsonAsync("/v2/models/adder/versions/1/infer", AdderRequest);

        // Assert
        status.ShouldBe(200);
        body!["model_version"]!.GetValue<string>().ShouldBe("1");
    }

    [Fact]
    public async Task UnversionedRouteUsesTheHighestVersion()
    {
        // Act
        var (_, body, _) = await serving.Client.PostJsonAsync("/v2/models/adder/infer", AdderRequest);

        // Assert
        body!["model_version"]!.GetValue<string>().ShouldBe("2");
    }

    [Theory]
    [InlineData("BOOL", "[true,false,true]")]
    [InlineData("UINT8", "[0,128,255]")]
    [InlineData("UINT16", "[0,1000,65535]")]
    [InlineData("UINT32", "[0,70000,4294967295]")]
    [InlineData("UINT64", "[0,1,18446744073709551615]")]
    [InlineData("INT8", "[-128,0,127]")]
    [InlineData("INT16", "[-32768,0,32767]")]
    [InlineData("INT32", "[-2147483648,0,2147483647]")]
    [InlineData("INT64", "[-9223372036854775808,0,9223372036854775807]")]
    [InlineData("FP16", "[-2.5,0,65504]")]
    [InlineData("FP32", "[-1.5,0,3.25]")]
    [InlineData("FP64", "[-1.0000000000000002,0,1E+300]")]
    [InlineData("BYTES", "[\"a\",\"\",\"żółw 🐢\"]")]
    public async Task EveryDatatypeRoundTripsThroughAnIdentityGraph(string datatype, string data)
    {
        // Arrange
        var inputs = new JsonArray();
        foreach (var (type, _) in ModelRepositoryBuilder.EchoTypes)
        {
            var values = type == datatype ? data : type switch
            {
                "BOOL" => "[false,false,false]",
                "BYTES" => "[\"x\",\"y\",\"z\"]",
                _ => "[0,0,0]",
            };
            inputs.Add(new JsonObject
            {
                ["name"] = $"x_{type.ToLowerInvariant()}",
                ["shape"] = new JsonArray(3),
                ["datatype"] = type,
                ["data"] = JsonNode.Parse(values),
            });
        }

        // Act
        var (status, body, _) = await serving.Client.PostJsonAsync("/v2/models/echo/infer", new JsonObject { ["inputs"] = inputs }.ToJsonString());

        // Assert
        status.ShouldBe(200, body?.ToJsonString());
        var output = body!["outputs"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == $"y_{datatype.ToLowerInvariant()}")!;
        output["datatype"]!.GetValue<string>().ShouldBe(datatype);
        output["shape"]!.ToJsonString().ShouldBe("[3]");
        output["data"]!.ToJsonString().ShouldBe(JsonNode.Parse(data)!.ToJsonString());
    }

    [Fact]
    public async Task ZeroRowsGiveAnEmptyAnswer()
    {
        // Act
        var (status, body, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/infer", """{"inputs":[{"name":"text","shape":[0],"datatype":"BYTES","data":[]}]}""");

        // Assert
        status.ShouldBe(200);
        body!["outputs"]![0]!["shape"]!.ToJsonString().ShouldBe("[0,384]");
    }

    [Fact]
    public async Task UnknownModelInferIs404()
    {
        // Act
        var (status, body, _) = await serving.Client.PostJsonAsync("/v2/models/nope/infer", Http.Texts("x"));

        // Assert
        status.ShouldBe(404);
        body!["error"]!.GetValue<string>().ShouldStartWith("unknown model 'nope'");
    }

    [Fact]
    public async Task UnknownVersionInferIs404()
    {
        // Act
        var (status, _, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/versions/3/infer", Http.Texts("x"));

        // Assert
        status.ShouldBe(404);
    }

    [Fact]
    public async Task WrongDatatypeMessageNamesInputModelAndExpectedType()
    {
        // Act
        var (status, body, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/infer", """{"inputs":[{"name":"text","shape":[1],"datatype":"FP32","data":[1]}]}""");

        // Assert
        status.ShouldBe(400);
        body!["error"]!.GetValue<string>().ShouldBe("input 'text' has datatype FP32; model 'minilm' expects BYTES.");
    }

    [Fact]
    public async Task ResponseCarriesTheRequestIdHeader()
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/minilm/infer") { Content = new StringContent(Http.Texts("hi")) };
        request.Headers.Add("X-Request-Id", "trace-abc-123");

        // Act
        using var response = await serving.Client.SendAsync(request);

        // Assert
        response.Headers.GetValues("X-Request-Id").Single().ShouldBe("trace-abc-123");
    }
}
