using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Delivery.Images;

namespace Slipway.Delivery.Tests.Images;

public sealed class ImageConfigTests
{
    private static readonly ContainerImageRequest Request = new()
    {
        PublishDirectory = "/publish",
        ModelDirectory = "/models",
        BaseImage = "slipway/base:bookworm-0123456789ab",
        Version = new ImageVersion("1.0.0", "0123456789abcdef0123456789abcdef01234567") { CommitTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) },
    };

    private static readonly JsonObject BaseConfig = JsonNode.Parse("""
        {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin:/bin","ASPNETCORE_URLS=http://+:80"],"Labels":{"org.slipway.base.recipe":"abc"},"Cmd":["/bin/bash"]},
         "history":[{"created":"2025-01-01T00:00:00Z","comment":"mmdebstrap"}],"rootfs":{"type":"layers","diff_ids":["sha256:b"]}}
        """)!.AsObject();

    private static readonly WrittenLayer[] BaseLayers = [new("/base.tar", "sha256:b", 10, "mmdebstrap")];

    private static readonly WrittenLayer[] Layers = [new("/m.tar", "sha256:m", 5, "COPY minilm/1 in /models/minilm/1"), new("/a.tar", "sha256:a", 7, "COPY app in /app")];

    [Fact]
    public void TheSameInputsGiveTheSameBytesAndSoTheSameImageId()
    {
        // Act
        var first = ImageConfig.Render(BaseConfig, Request, new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, BaseLayers, Layers);
        var second = ImageConfig.Render(BaseConfig, Request with { }, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, BaseLayers, Layers);

        // Assert
        second.ShouldBe(first);
        ImageConfig.IdOf(first).ShouldStartWith("sha256:");
        ImageConfig.IdOf(first).Length.ShouldBe(71);
    }

    [Fact]
    public void TheConfigCarriesTheServiceContractOnTopOfTheBase()
    {
        // Act
        using var json = JsonDocument.Parse(ImageConfig.Render(BaseConfig, Request, new Dictionary<string, string> { [ImageLabels.ModelName] = "minilm" }, BaseLayers, Layers));
        var root = json.RootElement;
        var config = root.GetProperty("config");

        // Assert
        root.GetProperty("created").GetString().ShouldBe("2026-01-02T03:04:05Z");
        root.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(id => id.GetString()).ShouldBe(["sha256:b", "sha256:m", "sha256:a"]);
        config.GetProperty("User").GetString().ShouldBe("1654:1654");
        config.GetProperty("Entrypoint").EnumerateArray().Select(part => part.GetString()).ShouldBe(["/app/Slipway.Serving"]);
        config.TryGetProperty("Cmd", out _).ShouldBeFalse("the base's CMD would become arguments of the service");
        config.GetProperty("WorkingDir").GetString().ShouldBe("/app");
        config.GetProperty("ExposedPorts").EnumerateObject().Select(port => port.Name).ShouldBe(["8080/tcp", "8081/tcp"]);
        var environment = config.GetProperty("Env").EnumerateArray().Select(variable => variable.GetString()).ToList();
        environment.ShouldBe(["PATH=/usr/bin:/bin", "ASPNETCORE_URLS=http://127.0.0.1:8080", "Serving__ModelRepository=/models", "Serving__GrpcUrl=http://127.0.0.1:8081", "DOTNET_RUNNING_IN_CONTAINER=true", "DOTNET_NOLOGO=true"]);
        config.GetProperty("Labels").GetProperty("org.slipway.base.recipe").GetString().ShouldBe("abc");
        config.GetProperty("Labels").GetProperty(ImageLabels.ModelName).GetString().ShouldBe("minilm");
        var health = config.GetProperty("Healthcheck");
        health.GetProperty("Test").EnumerateArray().Select(part => part.GetString()).ShouldBe(["CMD", "/app/Slipway.Serving", "healthcheck"]);
        (health.GetProperty("Interval").GetInt64(), health.GetProperty("Timeout").GetInt64(), health.GetProperty("StartPeriod").GetInt64(), health.GetProperty("Retries").GetInt32())
            .ShouldBe((5_000_000_000L, 5_000_000_000L, 60_000_000_000L, 3));
        root.GetProperty("history").EnumerateArray().Where(step => !step.TryGetProperty("empty_layer", out _)).Count().ShouldBe(3, "one history line per layer");
    }
}
