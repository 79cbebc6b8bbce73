using Slipway.Delivery.Images;
using Slipway.Delivery.Tests.Infrastructure;
using Slipway.Tooling;

namespace Slipway.Delivery.Tests.Images;

public sealed class ImageVersionTests
{
    [Fact]
    public void ThePlusOfBuildMetadataBecomesADotInTheDockerTag()
    {
        // Arrange
        var version = new ImageVersion("0.0.0-42+1a2b3c4d5e6f", "1a2b3c4d5e6f00000000000000000000000000ff");

        // Act
        var tag = version.DockerTag;

        // Assert
        tag.ShouldBe("0.0.0-42.1a2b3c4d5e6f");
    }

    [Fact]
    public void CharactersADockerTagCannotHoldAreReplaced()
    {
        // Arrange
        const string version = "1.2.3-beta/feature x";

        // Act
        var tag = ImageVersion.ToDockerTag(version);

        // Assert
        tag.ShouldBe("1.2.3-beta-feature-x");
    }

    [Fact]
    public async Task AnUntaggedCommitGetsAZeroVersionWithHeightAndShortSha()
    {
        // Arrange
        var repository = Directory.CreateTempSubdirectory("slipway-git-").FullName;
        try
        {
            await GitAsync(repository, "init", "-q");
            await GitAsync(repository, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "one");
            await GitAsync(repository, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "two");

            // Act
            var version = await ImageVersion.FromGitAsync(repository);

            // Assert
            version.Commit.ShouldMatch("^[0-9a-f]{40}$");
            version.SemanticVersion.ShouldBe($"0.0.0-2+{version.Commit[..12]}");

            // Arrange, a tag
            await GitAsync(repository, "tag", "v1.4.0");

            // Act
            var tagged = await ImageVersion.FromGitAsync(repository);

            // Assert
            tagged.SemanticVersion.ShouldBe("1.4.0");
        }
        finally
        {
            Directory.Delete(repository, recursive: true);
        }
    }

    [Fact]
    public async Task AFolderWithoutGitHistoryIsAClearError()
    {
        // Arrange
        var folder = Directory.CreateTempSubdirectory(UniqueName.Create("nogit")).FullName;
        try
        {
            // Act
            var error = await Should.ThrowAsync<InvalidOperationException>(() => ImageVersion.FromGitAsync(folder));

            // Assert
            error.Message.ShouldContain($"'{folder}' is not a git checkout");
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    private static Task GitAsync(string directory, params string[] arguments) => Git.RunAsync(directory, arguments);
}
