using Slipway.Delivery.Images;

namespace Slipway.Delivery.Tests.Images;

public sealed class DockerfileTemplateTests
{
    private static readonly ContainerImageRequest Request = new()
    {
        PublishDirectory = "/publish",
        ModelDirectory = "/models",
        BaseImage = "slipway/base:bookworm-0123456789ab",
        Version = new ImageVersion("1.0.0", "0123456789abcdef0123456789abcdef01234567"),
    };

    [Fact]
    public void TheModelsAreCopiedBeforeTheAppAndAfterEverythingElse()
    {
        // Arrange
        var labels = new Dictionary<string, string> { [ImageLabels.ModelName] = "minilm" };

        // Act
        var lines = DockerfileTemplate.Render(Request, labels).Split('\n');

        // Assert
        var models = Array.FindIndex(lines, line => line.StartsWith("COPY models/", StringComparison.Ordinal));
        var app = Array.FindIndex(lines, line => line.StartsWith("COPY app/", StringComparison.Ordinal));
        var label = Array.FindIndex(lines, line => line.StartsWith("LABEL", StringComparison.Ordinal));
        models.ShouldBeGreaterThan(0);
        app.ShouldBe(lines.Length - 2);
        label.ShouldBeInRange(models + 1, app - 1);
        lines[0].ShouldBe("FROM slipway/base:bookworm-0123456789ab");
    }

    [Fact]
    public void LabelsThatChangeEveryBuildAreNotInTheDockerfile()
    {
        // Arrange
        var perBuild = ImageLabels.PerBuild;

        // Act
        var dockerfile = DockerfileTemplate.Render(Request, new Dictionary<string, string> { [ImageLabels.ModelName] = "minilm" });

        // Assert
        perBuild.ShouldBe([ImageLabels.Version, ImageLabels.Revision, ImageLabels.Created], ignoreOrder: true);
        perBuild.ShouldAllBe(label => !dockerfile.Contains(label, StringComparison.Ordinal));
        dockerfile.ShouldContain("USER 1654:1654");
        dockerfile.ShouldContain("HEALTHCHECK --interval=5s --timeout=5s --start-period=60s --retries=3 CMD [\"/app/Slipway.Serving\", \"healthcheck\"]");
    }

    [Fact]
    public void TheImageDeclaresItsRestAndGrpcAddressesAndExposesBothPorts()
    {
        // Act
        var lines = DockerfileTemplate.Render(Request, new Dictionary<string, string>()).Split('\n');

        // Assert
        lines.ShouldContain("    ASPNETCORE_URLS=http://127.0.0.1:8080 \\");
        lines.ShouldContain("    Serving__GrpcUrl=http://127.0.0.1:8081 \\", "a deploy reads this variable from the image to know the service speaks gRPC");
        lines.ShouldContain("EXPOSE 8080 8081");
        Array.IndexOf(lines, "EXPOSE 8080 8081").ShouldBeLessThan(Array.FindIndex(lines, line => line.StartsWith("COPY", StringComparison.Ordinal)), "before the layers that change");
    }
}
