using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Apis;

[Collection(ServingCollection.Name)]
public sealed class ModelApisTests(SharedServing serving)
{
    [Fact]
    public async Task MiniLmMetadataDescribesTextInAndEmbeddingOut()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2/models/minilm");

        // Assert
        status.ShouldBe(200);
        body!["name"]!.GetValue<string>().ShouldBe("minilm");
        body["platform"]!.GetValue<string>().ShouldBe("onnxruntime_onnx");
        body["inputs"]![0]!["name"]!.GetValue<string>().ShouldBe("text");
        body["inputs"]![0]!["datatype"]!.GetValue<string>().ShouldBe("BYTES");
        body["inputs"]![0]!["shape"]!.ToJsonString().ShouldBe("[-1]");
        body["outputs"]![0]!["name"]!.GetValue<string>().ShouldBe("embedding");
        body["outputs"]![0]!["shape"]!.ToJsonString().ShouldBe("[-1,384]");
    }

    [Fact]
    public async Task ModelMetadataListsEveryVersion()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2/models/adder");

        // Assert
        status.ShouldBe(200);
        body!["versions"]!.ToJsonString().ShouldBe("""["1","2"]""");
    }

    [Fact]
    public async Task VersionMetadataNamesOnlyThatVersion()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2/models/adder/versions/1");

        // Assert
        status.ShouldBe(200);
        body!["versions"]!.ToJsonString().ShouldBe("""["1"]""");
        body["inputs"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ShouldBe(["a", "b"]);
    }

    [Fact]
    public async Task UnknownModelIs404AndListsTheAvailableModels()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2/models/resnet");

        // Assert
        status.ShouldBe(404);
        body!["error"]!.GetValue<string>().ShouldBe("unknown model 'resnet'; available models: 'adder', 'echo', 'minilm'.");
    }

    [Fact]
    public async Task UnknownVersionIs404AndListsTheAvailableVersions()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2/models/adder/versions/7");

        // Assert
        status.ShouldBe(404);
        body!["error"]!.GetValue<string>().ShouldBe("model 'adder' has no version '7'; available versions: '1', '2'.");
    }

    [Fact]
    public async Task ModelReadyAnswers200ForTheHighestVersion()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2/models/adder/ready");

        // Assert
        status.ShouldBe(200);
        body!["ready"]!.GetValue<bool>().ShouldBeTrue();
        body["version"]!.GetValue<string>().ShouldBe("2");
    }

    [Fact]
    public async Task VersionReadyAnswers200ForThatVersion()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2/models/adder/versions/1/ready");

        // Assert
        status.ShouldBe(200);
        body!["version"]!.GetValue<string>().ShouldBe("1");
    }

    [Fact]
    public async Task ReadyOfUnknownVersionIs404()
    {
        // Act
        var (status, _) = await serving.Client.GetJsonAsync("/v2/models/adder/versions/9/ready");

        // Assert
        status.ShouldBe(404);
    }
}
