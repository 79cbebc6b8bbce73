using System.Text.Json.Nodes;
using Slipway.Delivery.Deployment.Gates;

namespace Slipway.Delivery.Tests.Deployment;

public sealed class SmokeInferenceTests
{
    private static readonly JsonObject MiniLm = (JsonObject)JsonNode.Parse("""
        {"name":"all-MiniLM-L6-v2","versions":["1"],"platform":"onnxruntime_onnx",
         "inputs":[{"name":"input_ids","datatype":"INT64","shape":[-1,-1]},{"name":"attention_mask","datatype":"INT64","shape":[-1,-1]}],
         "outputs":[{"name":"last_hidden_state","datatype":"FP32","shape":[-1,-1,384]}]}
        """)!;

    [Fact]
    public void RequestFillsEveryInputWithVariableDimensionsSetToOne()
    {
        // Act
        var request = JsonNode.Parse(SmokeInference.RequestBody(MiniLm.ToJsonString()))!;

        // Assert
        var inputs = request["inputs"]!.AsArray();
        inputs.Select(i => i!["name"]!.GetValue<string>()).ShouldBe(["input_ids", "attention_mask"]);
        inputs[0]!["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ShouldBe([1L, 1L]);
        inputs[0]!["data"]!.AsArray().Count.ShouldBe(1);
        inputs[0]!["datatype"]!.GetValue<string>().ShouldBe("INT64");
    }

    [Fact]
    public void AResponseMatchingTheMetadataHasNoProblems()
    {
        // Arrange
        var response = Response("last_hidden_state", "FP32", [1, 1, 384], 384);

        // Act
        var problems = SmokeInference.Check(MiniLm, response);

        // Assert
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void AWrongShapeAWrongDatatypeAndAShortDataArrayAreAllReported()
    {
        // Arrange
        var response = Response("last_hidden_state", "FP64", [1, 1, 383], 10);

        // Act
        var problems = SmokeInference.Check(MiniLm, response);

        // Assert
        problems.ShouldBe([
            "output 'last_hidden_state' has datatype 'FP64', the metadata says 'FP32'",
            "output 'last_hidden_state' has shape [1, 1, 383], the metadata says [-1, -1, 384]",
            "output 'last_hidden_state' carries 10 values, its shape [1, 1, 383] needs 383",
        ]);
    }

    [Fact]
    public void AMissingOutputIsNamedWithTheOutputsThatCameBack()
    {
        // Act
        var problems = SmokeInference.Check(MiniLm, Response("pooled", "FP32", [1, 384], 384));

        // Assert
        problems.ShouldBe(["output 'last_hidden_state' is missing (got: 'pooled')"]);
    }

    [Fact]
    public void NestedDataIsCountedElementByElement()
    {
        // Arrange
        var metadata = (JsonObject)JsonNode.Parse("""{"name":"m","inputs":[{"name":"x","datatype":"FP32","shape":[2]}],"outputs":[{"name":"y","datatype":"FP32","shape":[2,2]}]}""")!;
        var response = JsonNode.Parse("""{"outputs":[{"name":"y","datatype":"FP32","shape":[2,2],"data":[[1,2],[3,4]]}]}""");

        // Act
        var problems = SmokeInference.Check(metadata, response);

        // Assert
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void MetadataWithoutInputsCannotBeSmokeTested()
    {
        // Act
        var failure = Should.Throw<GateFailedException>(() => SmokeInference.RequestBody("""{"name":"empty","inputs":[]}"""));

        // Assert
        failure.Message.ShouldContain("model 'empty' lists no inputs");
    }

    private static JsonNode Response(string name, string datatype, long[] shape, int count) => new JsonObject
    {
        ["outputs"] = new JsonArray(new JsonObject
        {
            ["name"] = name,
            ["datatype"] = datatype,
            ["shape"] = new JsonArray(shape.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
            ["data"] = new JsonArray(Enumerable.Repeat(0.25, count).Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
        }),
    };
}
