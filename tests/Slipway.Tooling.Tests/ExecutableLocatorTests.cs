namespace Slipway.Tooling.Tests;

public sealed class ExecutableLocatorTests
{
    [Fact]
    public void FindsAProgramOnThePath()
    {
        // Act
        var sh = ExecutableLocator.Find("sh");

        // Assert
        sh.ShouldNotBeNull();
        Path.IsPathFullyQualified(sh).ShouldBeTrue();
        Path.GetFileName(sh).ShouldBe("sh");
    }

    [Fact]
    public void ReturnsNullForAProgramThatIsNotInstalled()
    {
        // Act
        var missing = ExecutableLocator.Find("slipway-no-such-program");

        // Assert
        missing.ShouldBeNull();
    }
}
