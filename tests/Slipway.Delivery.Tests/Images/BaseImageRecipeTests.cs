using Slipway.Delivery.Images;

namespace Slipway.Delivery.Tests.Images;

public sealed class BaseImageRecipeTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("slipway-recipe-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void TheSameRecipeGivesTheSameTag()
    {
        // Arrange
        var first = BaseImageRecipe.DotNetRuntimeDeps.WithSourcesFile(WriteSources("deb.debian.org"));
        var second = BaseImageRecipe.DotNetRuntimeDeps.WithSourcesFile(WriteSources("deb.debian.org"));

        // Act
        var tags = (first.ComputeTag(), second.ComputeTag());

        // Assert
        tags.Item1.ShouldBe(tags.Item2);
        tags.Item1.ShouldMatch("^bookworm-[0-9a-f]{12}$");
    }

    [Fact]
    public void AddingAPackageChangesTheTag()
    {
        // Arrange
        var baseRecipe = BaseImageRecipe.DotNetRuntimeDeps.WithSourcesFile(WriteSources("deb.debian.org"));

        // Act
        var edge = baseRecipe.WithRepository("slipway/edge").WithPackages("nginx-light");

        // Assert
        edge.ComputeTag().ShouldNotBe(baseRecipe.ComputeTag());
        edge.ComputeReference().ShouldStartWith("slipway/edge:bookworm-");
        baseRecipe.Packages.ShouldNotContain("nginx-light");
    }

    [Fact]
    public void PackageOrderDoesNotChangeTheTag()
    {
        // Arrange
        var sources = WriteSources("deb.debian.org");
        var forward = new BaseImageRecipe { SourcesFile = sources, Packages = ["tzdata", "libssl3"] };
        var backward = new BaseImageRecipe { SourcesFile = sources, Packages = ["libssl3", "tzdata"] };

        // Act
        var (a, b) = (forward.ComputeHash(), backward.ComputeHash());

        // Assert
        a.ShouldBe(b);
    }

    [Fact]
    public void DifferentAptSourcesChangeTheTag()
    {
        // Arrange
        var official = BaseImageRecipe.DotNetRuntimeDeps.WithSourcesFile(WriteSources("deb.debian.org"));
        var mirror = BaseImageRecipe.DotNetRuntimeDeps.WithSourcesFile(WriteSources("mirror.example"));

        // Act
        var (a, b) = (official.ComputeHash(), mirror.ComputeHash());

        // Assert
        a.ShouldNotBe(b);
    }

    [Fact]
    public void AnInvalidRecipeListsEveryProblemInOneMessage()
    {
        // Arrange
        var recipe = new BaseImageRecipe
        {
            Repository = "Slipway/Base:latest",
            SourcesFile = Path.Combine(directory, "missing.sources"),
            Packages = ["libssl3 tzdata"],
        };

        // Act
        var error = Should.Throw<ArgumentException>(recipe.Validate);

        // Assert
        error.Message.ShouldContain("'Slipway/Base:latest'");
        error.Message.ShouldContain("missing.sources");
        error.Message.ShouldContain("'libssl3 tzdata'");
    }

    [Fact]
    public void MmdebstrapStreamsATarToStdoutWithMergedUsrAndWithoutDocs()
    {
        // Arrange
        var recipe = BaseImageRecipe.DotNetRuntimeDeps.WithSourcesFile(WriteSources("deb.debian.org"));

        // Act
        var arguments = recipe.ToMmdebstrapArguments();

        // Assert
        arguments.ShouldContain("--variant=minbase");
        arguments.ShouldContain("--format=tar");
        arguments.ShouldContain("--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr");
        arguments.ShouldContain("--dpkgopt=path-exclude=/usr/share/doc/*");
        arguments.ShouldContain("--dpkgopt=path-exclude=/usr/share/man/*");
        arguments.ShouldContain("--dpkgopt=path-exclude=/usr/share/locale/*");
        arguments.Single(argument => argument.StartsWith("--include=", StringComparison.Ordinal))
            .ShouldContain("libicu72");
        arguments.TakeLast(3).ShouldBe(["bookworm", "-", recipe.SourcesFile]);
    }

    private string WriteSources(string host)
    {
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.sources");
        File.WriteAllText(path, $"Types: deb\nURIs: http://{host}/debian\nSuites: bookworm\nComponents: main\n");
        return path;
    }
}
