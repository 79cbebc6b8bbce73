using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Slipway.Delivery.Deployment.Gates;
using Slipway.Serving.Grpc;

namespace Slipway.Delivery.Tests.Deployment;

public sealed class GrpcInferenceTests
{
    private const string MiniLmMetadata = """{"name":"minilm","versions":["1"],"platform":"onnxruntime","inputs":[{"name":"text","datatype":"BYTES","shape":[-1]}],"outputs":[{"name":"embedding","datatype":"FP32","shape":[-1,384]}]}""";

    [Fact]
    public void TheSmokeRequestGoesAsTypedContentsOfItsDatatype()
    {
        // Arrange
        var body = SmokeInference.RequestBody(MiniLmMetadata);

        // Act
        var request = GrpcInference.Request("minilm", body);

        // Assert
        request.ModelName.ShouldBe("minilm");
        var input = request.Inputs.ShouldHaveSingleItem();
        input.Name.ShouldBe("text");
        input.Datatype.ShouldBe("BYTES");
        input.Shape.ShouldBe([1L]);
        input.Contents.BytesContents.Select(b => b.ToStringUtf8()).ShouldBe(((JsonNode.Parse(body)!["inputs"]![0]!["data"] as JsonArray)!).Select(v => v!.GetValue<string>()));
        request.RawInputContents.ShouldBeEmpty();
    }

    [Fact]
    public void AnFp16InputSendsEveryInputRaw()
    {
        // Arrange
        const string body = """{"id":"smoke-0","inputs":[{"name":"h","datatype":"FP16","shape":[1,2],"data":[0.5,1.0]},{"name":"t","datatype":"BYTES","shape":[1],"data":["ab"]}]}""";

        // Act
        var request = GrpcInference.Request("m", body);

        // Assert
        request.RawInputContents.Count.ShouldBe(2);
        request.Inputs.ShouldAllBe(input => input.Contents == null);
        var half = request.RawInputContents[0].Span;
        ((double)BinaryPrimitives.ReadHalfLittleEndian(half)).ShouldBe(0.5);
        ((double)BinaryPrimitives.ReadHalfLittleEndian(half[2..])).ShouldBe(1.0);
        request.RawInputContents[1].ToByteArray().ShouldBe([2, 0, 0, 0, (byte)'a', (byte)'b']);
    }

    [Fact]
    public void ARawResponseReadsAsTheJsonTheSmokeCheckJudges()
    {
        // Arrange
        var response = new ModelInferResponse { ModelName = "minilm" };
        var output = new ModelInferResponse.Types.InferOutputTensor { Name = "embedding", Datatype = "FP32" };
        output.Shape.AddRange([1, 384]);
        response.Outputs.Add(output);
        var raw = new byte[384 * 4];
        for (var i = 0; i < 384; i++)
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), i / 384f);
        response.RawOutputContents.Add(ByteString.CopyFrom(raw));

        // Act
        var json = GrpcInference.Response(response);

        // Assert
        SmokeInference.Check((JsonObject)JsonNode.Parse(MiniLmMetadata)!, json).ShouldBeEmpty();
        json["outputs"]![0]!["data"]!.AsArray().Count.ShouldBe(384);
        json["outputs"]![0]!["data"]![383]!.GetValue<float>().ShouldBe(383 / 384f);
    }

    [Fact]
    public void ARawResponseWithTooFewValuesFailsTheSmokeCheck()
    {
        // Arrange
        var response = new ModelInferResponse();
        var output = new ModelInferResponse.Types.InferOutputTensor { Name = "embedding", Datatype = "FP32" };
        output.Shape.AddRange([1, 384]);
        response.Outputs.Add(output);
        response.RawOutputContents.Add(ByteString.CopyFrom(new byte[383 * 4]));

        // Act
        var problems = SmokeInference.Check((JsonObject)JsonNode.Parse(MiniLmMetadata)!, GrpcInference.Response(response));

        // Assert
        problems.ShouldHaveSingleItem().ShouldBe("output 'embedding' carries 383 values, its shape [1, 384] needs 384");
    }

    [Fact]
    public void TypedBytesContentsReadBackAsStrings()
    {
        // Arrange
        var response = new ModelInferResponse();
        var output = new ModelInferResponse.Types.InferOutputTensor { Name = "label", Datatype = "BYTES", Contents = new InferTensorContents() };
        output.Shape.Add(2);
        output.Contents.BytesContents.AddRange([ByteString.CopyFrom("ja", Encoding.UTF8), ByteString.CopyFrom("nein", Encoding.UTF8)]);
        response.Outputs.Add(output);

        // Act
        var json = GrpcInference.Response(response);

        // Assert
        json["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["ja", "nein"]);
    }
}
