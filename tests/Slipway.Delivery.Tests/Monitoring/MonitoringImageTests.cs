using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

[Collection(MonitoringCollection.Name)]
public sealed class MonitoringImageTests(MonitoringFixture fixture)
{
    [Theory]
    [InlineData("prometheus", "prometheus, version 2.42")]
    [InlineData("promtool", "promtool, version 2.42")]
    [InlineData("prometheus-alertmanager", "alertmanager, version 0.25")]
    [InlineData("amtool", "amtool, version 0.25")]
    [InlineData("mtail", "mtail version 3.0.0")]
    public async Task HoldsEachToolOfTheStack(string tool, string version)
    {
        // Act
        var (exitCode, output) = await ContainerRun.RunAsync(fixture.Client, fixture.Image, ["--version"], entrypoint: [tool]);

        // Assert
        exitCode.ShouldBe(0, output);
        output.ShouldContain(version);
    }

    [Fact]
    public async Task CarriesNoDocumentationNorUnusedZoneData()
    {
        // Act
        var (exitCode, output) = await ContainerRun.RunAsync(fixture.Client, fixture.Image, ["-c", "find /usr/share/doc /usr/share/man /usr/share/javascript/moment-timezone/data -mindepth 1 | wc -l"], entrypoint: ["sh"]);

        // Assert
        exitCode.ShouldBe(0, output);
        output.Trim().ShouldBe("0");
    }

    [Fact]
    public void HasOneTagPerRecipe() =>
        MonitoringImage.Recipe.ComputeReference().ShouldStartWith("slipway/monitoring:bookworm-");
}
