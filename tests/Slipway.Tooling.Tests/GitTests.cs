namespace Slipway.Tooling.Tests;

public sealed class GitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("slipway-git-").FullName;

    [Fact]
    public async Task TryRunReturnsNullOutsideARepository()
    {
        // Act
        var commit = await Git.TryRunAsync(_folder, ["rev-parse", "HEAD"]);

        // Assert
        commit.ShouldBeNull();
    }

    [Fact]
    public async Task TryRunReturnsTheFirstLineOfOutputInARepository()
    {
        // Arrange
        await Git.RunAsync(_folder, ["init", "-q"]);
        await Git.RunAsync(_folder, ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty", "-m", "one"]);

        // Act
        var commit = await Git.TryRunAsync(_folder, ["rev-parse", "HEAD"]);

        // Assert
        commit.ShouldNotBeNull();
        commit.ShouldMatch("^[0-9a-f]{40}$");
    }

    [Fact]
    public async Task RunNamesTheCommandAndGitsErrorWhenGitFails()
    {
        // Act
        var error = await Should.ThrowAsync<ProcessFailedException>(() => Git.RunAsync(_folder, ["rev-parse", "HEAD"]));

        // Assert
        error.ExitCode.ShouldBeGreaterThan(0);
        error.Message.ShouldContain("'git rev-parse HEAD'");
        error.Message.ShouldContain("not a git repository");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
