using Docker.DotNet.Models;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Images;

namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>
/// The real service image, built once for a test class from the published service, the real model and the
/// bootstrapped base, under a unique repository that is removed afterwards.
/// </summary>
public sealed class ServingImageFixture : IAsyncLifetime
{
    public BaseImageFixture Base { get; } = new();

    public string Repository { get; } = UniqueName.Create("serving");

    public string PublishDirectory { get; private set; } = string.Empty;

    public string ModelDirectory { get; private set; } = string.Empty;

    public string OutputDirectory { get; } = Directory.CreateTempSubdirectory("slipway-test-image-").FullName;

    public ImageVersion Version { get; } = new("0.0.0-7+0123456789ab", "0123456789abcdef0123456789abcdef01234567")
    {
        CommitTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
    };

    public ContainerImageResult Image { get; private set; } = null!;

    public TestLog BuildLog { get; } = new();

    public Docker.DotNet.DockerClient Docker => Base.Docker.Client;

    public async Task InitializeAsync()
    {
        await Base.InitializeAsync();
        PublishDirectory = await PublishedService.PublishDirectoryAsync();
        ModelDirectory = await PublishedService.ModelDirectoryAsync();
        Image = await ContainerImageBuilder.BuildAsync(Docker, Request(), BuildLog.Logger);
    }

    /// <summary>A request for this fixture's repository; change it with <c>with</c>/<c>WithX</c>.</summary>
    public ContainerImageRequest Request() => new ContainerImageRequest
    {
        PublishDirectory = PublishDirectory,
        ModelDirectory = ModelDirectory,
        BaseImage = Base.BaseImage.Reference,
        BasePath = Base.BaseImage.Path,
        Version = Version,
        Repository = Repository,
        Source = "https://example.invalid/slipway",
        OutputDirectory = OutputDirectory,
        BuildLabels = TestRun.Labels,
    };

    public async Task DisposeAsync()
    {
        var cleanup = new Cleanup();
        await cleanup.RunAsync($"remove the images of '{Repository}'", async () =>
        {
            var images = await Docker.Images.ListImagesAsync(new ImagesListParameters { All = true });
            var ours = images.Where(image => (image.RepoTags ?? []).Any(tag => tag.StartsWith(Repository, StringComparison.Ordinal)))
                .Select(image => new DockerResource(DockerResourceKind.Image, image.ID, image.RepoTags![0]));
            await LabelledResources.RemoveAsync(Docker, ours);
        });
        cleanup.DeleteDirectory(OutputDirectory);
        await cleanup.RunAsync("close the engine connection", Base.DisposeAsync);
        cleanup.ThrowIfAnyFailed();
    }
}
