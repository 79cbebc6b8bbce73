using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci;

public sealed class ArtifactRootTests
{
    [Theory]
    [InlineData("artifacts/models/**", "artifacts/models")]
    [InlineData("artifacts/test-results/*.trx", "artifacts/test-results")]
    [InlineData("artifacts/report.html", "artifacts")]
    [InlineData("artifacts/packages", "artifacts/packages")]
    [InlineData("./artifacts/logs/**/*.log", "artifacts/logs")]
    [InlineData("*.nupkg", ".")]
    public void IsTheFixedFolderOfOneGlob(string glob, string expected)
    {
        ArtifactRoot.Of([glob]).ShouldBe(expected);
    }

    [Fact]
    public void IsTheCommonFolderOfSeveralGlobsIgnoringExclusions()
    {
        ArtifactRoot.Of(["artifacts/test-results/*.trx", "artifacts/coverage/**", "!artifacts/coverage/tmp/**"]).ShouldBe("artifacts");
    }
}
