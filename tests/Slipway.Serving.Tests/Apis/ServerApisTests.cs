using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Apis;

[Collection(ServingCollection.Name)]
public sealed class ServerApisTests(SharedServing serving)
{
    [Fact]
    public async Task ServerMetadataNamesTheServerVersionAndExtensions()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2");

        // Assert
        status.ShouldBe(200);
        body!["name"]!.GetValue<string>().ShouldBe("slipway-serving");
        body["version"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        body["extensions"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(["binary_tensor_data"]);
    }

    [Fact]
    public async Task LiveAnswers200WithLiveTrue()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2/health/live");

        // Assert
        status.ShouldBe(200);
        body!["live"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task ReadyAnswers200WhenEveryModelIsLoadedAndWarmedUp()
    {
        // Act
        var (status, body) = await serving.Client.GetJsonAsync("/v2/health/ready");

        // Assert
        status.ShouldBe(200);
        body!["ready"]!.GetValue<bool>().ShouldBeTrue();
    }
}
