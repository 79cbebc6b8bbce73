using Slipway.Delivery.Images;

namespace Slipway.Delivery.Tests.Images;

public sealed class ContainerImageResultTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-image-result-").FullName;

    private string ImagePath => Path.Combine(_directory, "image", ContainerImageBuilder.ReportFileName);

    [Fact]
    public async Task AWrittenRecordReadsBackEqual()
    {
        // Arrange
        var image = Image();

        // Act
        await image.WriteAsync(ImagePath);
        var read = await ContainerImageResult.ReadAsync(ImagePath);

        // Assert
        read.Id.ShouldBe(image.Id);
        read.Tags.ShouldBe(image.Tags);
        read.Layers.ShouldBe(image.Layers);
        read.Labels.ShouldBe(image.Labels);
        read.ModelLayer.ShouldBe(image.ModelLayer);
        (read.Size, read.BasePath, read.BuildSeconds, read.CachedSteps, read.TotalSteps).ShouldBe((image.Size, image.BasePath, image.BuildSeconds, image.CachedSteps, image.TotalSteps));
    }

    [Fact]
    public async Task WritesTheFieldNamesTheReportAndTheBuildRead()
    {
        // Act
        await Image().WriteAsync(ImagePath);

        // Assert
        var text = await File.ReadAllTextAsync(ImagePath);
        text.ShouldContain("\"repository\": \"slipway/serving\"");
        text.ShouldContain("\"size\": 211200000");
        text.ShouldContain("\"digest\": \"sha256:aa\"");
        text.ShouldContain("\"buildSeconds\": 14.6");
    }

    [Fact]
    public async Task AMissingRecordNamesTheFileAndTheTargetThatWritesIt()
    {
        // Act
        var exception = await Should.ThrowAsync<FileNotFoundException>(() => ContainerImageResult.ReadAsync(ImagePath));

        // Assert
        exception.Message.ShouldContain($"'{ImagePath}'");
        exception.Message.ShouldContain("ContainerImage target");
    }

    [Fact]
    public async Task ACutShortRecordNamesTheFileAndHowToRewriteIt()
    {
        // Arrange
        Directory.CreateDirectory(Path.GetDirectoryName(ImagePath)!);
        await File.WriteAllTextAsync(ImagePath, "{ \"id\": ");

        // Act
        var exception = await Should.ThrowAsync<InvalidDataException>(() => ContainerImageResult.ReadAsync(ImagePath));

        // Assert
        exception.Message.ShouldContain($"The image record '{ImagePath}' is not a valid image.json");
        exception.Message.ShouldContain("Run the ContainerImage target again");
    }

    [Fact]
    public async Task ARecordUsingAnotherSpellingOfAFieldIsRejectedNotGuessed()
    {
        // Arrange: "sizeBytes" instead of "size"; no writer ever produced it
        Directory.CreateDirectory(Path.GetDirectoryName(ImagePath)!);
        await File.WriteAllTextAsync(ImagePath, """
            {"id":"sha256:1","repository":"r","tags":["1"],"sizeBytes":1,"layers":[],"labels":{},"basePath":"pulled","baseImage":"b","buildSeconds":1}
            """);

        // Act
        var exception = await Should.ThrowAsync<InvalidDataException>(() => ContainerImageResult.ReadAsync(ImagePath));

        // Assert
        exception.Message.ShouldContain("size");
    }

    [Fact]
    public async Task ANullWhereTheRecordRequiresAValueIsRejected()
    {
        // Arrange
        Directory.CreateDirectory(Path.GetDirectoryName(ImagePath)!);
        await File.WriteAllTextAsync(ImagePath, """
            {"id":"sha256:1","repository":null,"tags":["1"],"size":1,"layers":[],"labels":{},"basePath":"pulled","baseImage":"b","buildSeconds":1}
            """);

        // Act
        var exception = await Should.ThrowAsync<InvalidDataException>(() => ContainerImageResult.ReadAsync(ImagePath));

        // Assert
        exception.Message.ShouldContain("repository");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ContainerImageResult Image() => new()
    {
        Id = "sha256:7d1f",
        Repository = "slipway/serving",
        Tags = ["1.4.0", "3f2a9c1"],
        Size = 211_200_000,
        Layers = [new ImageLayer("sha256:aa", 74_200_000, "base"), new ImageLayer("sha256:bb", 90_900_000, "COPY models/ /models in /models")],
        Labels = new Dictionary<string, string> { ["org.opencontainers.image.version"] = "1.4.0" },
        BasePath = "reused",
        BaseImage = "slipway/base:bookworm",
        BuildSeconds = 14.6,
        ModelLayer = "sha256:bb",
        CachedSteps = 6,
        TotalSteps = 8,
    };
}
