using Slipway.Serving.Repository;

namespace Slipway.Serving.Tests.Repository;

public sealed class VersionComparerTests
{
    [Fact]
    public void IntegerVersionsCompareAsNumbers() =>
        new[] { "10", "9", "2", "1" }.Order(VersionComparer.Instance).ShouldBe(["1", "2", "9", "10"]);

    [Fact]
    public void OtherVersionsCompareOrdinally() =>
        new[] { "b", "a", "2024-06" }.Order(VersionComparer.Instance).ShouldBe(["2024-06", "a", "b"]);
}
