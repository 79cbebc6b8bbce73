using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Tests.Monitoring;

public sealed class PrometheusDurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(1_000, "1s")]
    [InlineData(90_000, "90s")]
    [InlineData(120_000, "2m")]
    [InlineData(21_600_000, "6h")]
    public void UsesTheLargestUnitThatIsExact(int milliseconds, string expected) =>
        PrometheusDuration.Format(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(expected);
}
