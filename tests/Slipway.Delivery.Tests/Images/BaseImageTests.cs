using Slipway.Delivery.Images;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Images;

public sealed class BaseImageTests(BaseImageFixture fixture) : IClassFixture<BaseImageFixture>
{
    [Fact]
    public async Task FallsBackToTheDebianBootstrapWhenThePullFails()
    {
        // Arrange
        var unreachable = $"127.0.0.1:{FreePort.Next()}/dotnet/runtime-deps:10.0";
        var log = new TestLog();

        // Act
        var result = await BaseImage.EnsureAsync(fixture.Docker.Client, new BaseImageOptions().WithImage(unreachable), log.Logger);

        // Assert
        result.Path.ShouldNotBe(BaseImagePath.Pulled);
        result.Reference.ShouldBe(BaseImageRecipe.DotNetRuntimeDeps.ComputeReference());
        log.Text.ShouldContain($"\"{unreachable}\" could not be pulled");
    }

    [Fact]
    public async Task ReusesTheBootstrappedImageWhileTheRecipeIsUnchanged()
    {
        // Arrange
        var log = new TestLog();

        // Act
        var again = await DebianImageBootstrapper.EnsureAsync(fixture.Docker.Client, BaseImageRecipe.DotNetRuntimeDeps, log.Logger);

        // Assert
        again.Path.ShouldBe(BaseImagePath.Reused);
        again.ImageId.ShouldBe(fixture.BaseImage.ImageId);
        log.Text.ShouldContain("reused");
    }

    [Fact]
    public async Task TheBootstrappedBaseIsSmallAndHoldsTheRuntimeLibrariesButNoDocs()
    {
        // Arrange
        const string probe =
            "for l in libicuuc.so.72 libssl.so.3 libstdc++.so.6 libgcc_s.so.1 libz.so.1; do test -e /usr/lib/x86_64-linux-gnu/$l || echo missing $l; done; "
            + "test -e /etc/ssl/certs/ca-certificates.crt || echo missing certificates; test -e /usr/share/zoneinfo/UTC || echo missing tzdata; "
            + "echo docs=$(find /usr/share/doc /usr/share/man -type f | wc -l); echo uid=$(id -u app)";

        // Act
        var (exitCode, output) = await ContainerRun.RunAsync(fixture.Docker.Client, fixture.BaseImage.Reference, ["sh", "-c", probe]);

        // Assert
        exitCode.ShouldBe(0L, output);
        output.ShouldNotContain("missing");
        output.ShouldContain("docs=0");
        output.ShouldContain("uid=1654");
        fixture.BaseImage.Size.ShouldBeLessThanOrEqualTo(130_000_000L);
    }

    [Fact]
    public async Task ABrokenRecipeFailsNamingThePackageAndTagsNothing()
    {
        // Arrange
        var package = $"no-such-package-{Guid.NewGuid():N}"[..30];
        var recipe = BaseImageRecipe.DotNetRuntimeDeps.WithRepository(UniqueName.Create("broken")).WithPackages(package);

        // Act
        var error = await Should.ThrowAsync<InvalidOperationException>(
            () => DebianImageBootstrapper.EnsureAsync(fixture.Docker.Client, recipe, TestLog.Silent));

        // Assert
        error.Message.ShouldContain(package);
        error.Message.ShouldContain("mmdebstrap exited with code");
        var images = await fixture.Docker.Client.Images.ListImagesAsync(new Docker.DotNet.Models.ImagesListParameters { All = true });
        images.SelectMany(image => image.RepoTags ?? []).ShouldNotContain(tag => tag.StartsWith(recipe.Repository, StringComparison.Ordinal));
    }
}
