using Docker.DotNet.Models;
using Slipway.Delivery.Images;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Images;

/// <summary>Pushes a small real image (the bootstrapped base under a unique name) to a real local registry.</summary>
public sealed class ImagePushTests(BaseImageFixture fixture) : IClassFixture<BaseImageFixture>, IAsyncLifetime
{
    private readonly string repository = UniqueName.Create("push");
    private readonly string[] tags = ["1.2.3-4.abcdef", "latest"];

    public async Task InitializeAsync()
    {
        foreach (var tag in tags)
        {
            await fixture.Docker.Client.Images.TagImageAsync(fixture.BaseImage.ImageId, new ImageTagParameters { RepositoryName = repository, Tag = tag });
        }
    }

    public async Task DisposeAsync()
    {
        var images = await fixture.Docker.Client.Images.ListImagesAsync(new ImagesListParameters());
        foreach (var reference in images.SelectMany(image => image.RepoTags ?? []).Where(tag => tag.Contains(repository, StringComparison.Ordinal)))
        {
            await fixture.Docker.Client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { NoPrune = true });
        }
    }

    [Fact]
    public async Task PushesEveryTagAndReportsTheDigestTheRegistryHolds()
    {
        // Arrange
        await using var registry = await LocalRegistry.StartAsync();
        var log = new TestLog();
        var output = Directory.CreateTempSubdirectory("slipway-test-push-").FullName;
        var request = new PushRequest { Registry = registry.Address, Repository = repository, Tags = tags }.WithOutputDirectory(output);

        // Act
        var pushed = await ImagePusher.PushAsync(fixture.Docker.Client, request, log.Logger);

        // Assert
        var report = await File.ReadAllTextAsync(Path.Combine(output, ImagePusher.ReportFileName));
        Directory.Delete(output, recursive: true);
        report.ShouldContain($"\"pinned\": \"{registry.Address}/{repository}@{pushed[0].Digest}\"");
        pushed.Select(tag => tag.Reference).ShouldBe(tags.Select(tag => $"{registry.Address}/{repository}:{tag}"));
        foreach (var tag in pushed)
        {
            var held = await registry.ManifestDigestAsync(repository, tag.Reference[(tag.Reference.LastIndexOf(':') + 1)..]);
            tag.Digest.ShouldBe(held);
            log.Text.ShouldContain(tag.Digest);
        }
    }

    [Fact]
    public async Task PushesWithAUserAndPasswordThatNeverReachTheLog()
    {
        // Arrange
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await using var registry = await LocalRegistry.StartAsync("deployer", password);
        var log = new TestLog();
        var request = new PushRequest { Registry = registry.Address, Repository = repository, Tags = ["latest"], Credentials = new RegistryCredentials("deployer", password) };

        // Act
        var pushed = await ImagePusher.PushAsync(fixture.Docker.Client, request, log.Logger);

        // Assert
        pushed.Single().Digest.ShouldBe(await registry.ManifestDigestAsync(repository, "latest", "deployer", password));
        log.Text.ShouldContain("deployer");
        log.Text.ShouldNotContain(password);
        request.Credentials!.ToString().ShouldNotContain(password);
    }

    [Fact]
    public async Task AWrongPasswordIsAClearErrorWithoutThePassword()
    {
        // Arrange
        await using var registry = await LocalRegistry.StartAsync("deployer", "right-" + Guid.NewGuid().ToString("N"));
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var log = new TestLog();
        var request = new PushRequest { Registry = registry.Address, Repository = repository, Tags = ["latest"], Credentials = new RegistryCredentials("deployer", wrong) };

        // Act
        var error = await Should.ThrowAsync<ImagePushException>(() => ImagePusher.PushAsync(fixture.Docker.Client, request, log.Logger));

        // Assert
        error.Message.ShouldContain($"Pushing '{registry.Address}/{repository}:latest' failed");
        error.Message.ShouldContain("user 'deployer'");
        error.Message.ShouldNotContain(wrong);
        log.Text.ShouldNotContain(wrong);
    }

    [Fact]
    public async Task ReusesTheLocalCopyOfTheConfiguredBaseWhenItsRegistryIsGone()
    {
        // Arrange
        var registry = await LocalRegistry.StartAsync();
        var pushed = await ImagePusher.PushAsync(fixture.Docker.Client, new PushRequest { Registry = registry.Address, Repository = repository, Tags = ["latest"] }, TestLog.Silent);
        await registry.DisposeAsync();
        var log = new TestLog();

        // Act
        var result = await BaseImage.EnsureAsync(fixture.Docker.Client, new BaseImageOptions().WithImage(pushed.Single().Reference), log.Logger);

        // Assert
        result.Path.ShouldBe(BaseImagePath.Reused);
        result.Reference.ShouldBe(pushed.Single().Reference);
        log.Text.ShouldContain("could not be pulled");
        log.Text.ShouldContain("reusing the copy the engine already has");
    }

    [Fact]
    public async Task PullsTheConfiguredBaseImageWhenItsRegistryAnswers()
    {
        // Arrange
        await using var registry = await LocalRegistry.StartAsync();
        var pushed = await ImagePusher.PushAsync(fixture.Docker.Client, new PushRequest { Registry = registry.Address, Repository = repository, Tags = ["latest"] }, TestLog.Silent);
        await fixture.Docker.Client.Images.DeleteImageAsync(pushed.Single().Reference, new ImageDeleteParameters { NoPrune = true });
        var log = new TestLog();

        // Act
        var result = await BaseImage.EnsureAsync(fixture.Docker.Client, new BaseImageOptions().WithImage(pushed.Single().Reference), log.Logger);

        // Assert
        result.Path.ShouldBe(BaseImagePath.Pulled);
        result.ImageId.ShouldBe(fixture.BaseImage.ImageId);
        log.Text.ShouldContain("pulled");
    }
}
