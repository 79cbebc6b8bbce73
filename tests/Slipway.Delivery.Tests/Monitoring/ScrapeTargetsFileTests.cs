using System.Text.Json;
using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Tests.Monitoring;

public sealed class ScrapeTargetsFileTests
{
    [Fact]
    public void ListsEachTargetWithItsColourReleaseImageAndModelDigest()
    {
        // Arrange
        var blue = new ScrapeTarget("127.0.0.1:8081", "blue", "1.2.0", "sha256:abc", "sha256:def");

        // Act
        using var json = JsonDocument.Parse(ScrapeTargetsFile.Render([blue]));

        // Assert
        var group = json.RootElement.EnumerateArray().Single();
        group.GetProperty("targets").EnumerateArray().Select(t => t.GetString()).ShouldBe(["127.0.0.1:8081"]);
        group.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()).ShouldBe(new Dictionary<string, string?>
        {
            ["colour"] = "blue",
            ["release"] = "1.2.0",
            ["image"] = "sha256:abc",
            ["model_digest"] = "sha256:def",
        }, ignoreOrder: true);
    }

    [Fact]
    public void LeavesOutTheLabelsThatHaveNoValue()
    {
        // Act
        using var json = JsonDocument.Parse(ScrapeTargetsFile.Render([new ScrapeTarget("127.0.0.1:8082", "green", null, null, null)]));

        // Assert
        json.RootElement[0].GetProperty("labels").EnumerateObject().Select(l => l.Name).ShouldBe(["colour"]);
    }

    [Fact]
    public void NoTargetsIsAnEmptyList() =>
        JsonDocument.Parse(ScrapeTargetsFile.Render([])).RootElement.GetArrayLength().ShouldBe(0);

    [Fact]
    public void RefusesBadTargetsListingEveryProblem()
    {
        // Act
        var refusal = Should.Throw<ArgumentException>(() => ScrapeTargetsFile.Render(
        [
            new ScrapeTarget("http://127.0.0.1:8081/metrics", "blue", null, null, null),
            new ScrapeTarget("127.0.0.1:8082", "", null, null, null),
            new ScrapeTarget("127.0.0.1:8083", "blue", null, null, null),
            new ScrapeTarget("127.0.0.1:8083", "green", null, null, null),
        ]));

        // Assert
        refusal.Message.ShouldContain("'http://127.0.0.1:8081/metrics' is not host:port");
        refusal.Message.ShouldContain("'127.0.0.1:8082' has no colour");
        refusal.Message.ShouldContain("'127.0.0.1:8083' is listed 2 times");
    }
}
