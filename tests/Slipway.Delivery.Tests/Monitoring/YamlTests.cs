using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Tests.Monitoring;

public sealed class YamlTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("up{job=\"service\"} == 0")]
    [InlineData("back\\slash")]
    [InlineData("two\nlines\tand a tab")]
    [InlineData("# not a comment: {{ $value }}")]
    [InlineData("yes")]
    public void AQuotedStringReadsBackAsItself(string value) =>
        YamlText.Read($"key: {Yaml.Quote(value)}\n").Text("key").ShouldBe(value);
}
