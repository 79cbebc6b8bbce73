using System.Text.RegularExpressions;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Tests.Monitoring;

public sealed class MtailProgramTests
{
    [Fact]
    public void DeclaresTheEdgeCounterByColourAndCode()
    {
        // Act
        var program = MtailProgram.Render();

        // Assert
        program.ShouldContain($"counter {EdgeMetrics.Requests} by colour, code\n");
        program.ShouldContain($"{EdgeMetrics.Requests}[$colour][$code]++");
    }

    [Fact]
    public void DeclaresTheLatencyHistogramWithTheSharedBucketsAndABucketForZero()
    {
        // Act
        var program = MtailProgram.Render();

        // Assert
        var declaration = program.Split('\n').Single(line => line.StartsWith($"histogram {EdgeMetrics.Duration} by colour buckets ", StringComparison.Ordinal));
        var bounds = declaration[(declaration.IndexOf("buckets ", StringComparison.Ordinal) + 8)..].Split(", ").Select(double.Parse).ToList();
        bounds[0].ShouldBeLessThan(0, "mtail's first bound is the lower edge of the first bucket");
        bounds[1].ShouldBe(0);
        bounds.Skip(2).ShouldBe(EdgeMetrics.LatencyBuckets);
    }

    [Theory]
    [InlineData("blue", 500, 0.3, 2, "blue", "500", "0.300")]
    [InlineData("green", 200, 0, 12, "green", "200", "0.000")]
    [InlineData("none", 502, 12.5, 31, "none", "502", "12.500")]
    public void ItsPatternReadsEachFieldOfALineNginxSends(string colour, int status, double time, int day, string expectedColour, string expectedCode, string expectedTime)
    {
        // Arrange
        var line = EdgeLogLine.Format(colour, status, time, new DateTime(2026, 12, day, 4, 20, 0, DateTimeKind.Utc)).TrimEnd('\n');

        // Act
        var match = Pattern().Match(line);

        // Assert
        match.Success.ShouldBeTrue(line);
        match.Groups["colour"].Value.ShouldBe(expectedColour);
        match.Groups["code"].Value.ShouldBe(expectedCode);
        match.Groups["time"].Value.ShouldBe(expectedTime);
    }

    [Theory]
    [InlineData("<190>Dec  2 04:20:00 other_tag: colour=blue status=500 time=0.300")]
    [InlineData("<190>Dec  2 04:20:00 slipway_edge: colour=blue status=500")]
    [InlineData("<190>Dec  2 04:20:00 slipway_edge: colour=blue status=500 time=0.300 extra")]
    [InlineData("colour=blue status=500 time=0.300")]
    public void ItsPatternSkipsLinesOfAnotherShape(string line) =>
        Pattern().IsMatch(line).ShouldBeFalse();

    /// <summary>The program's regular expression in .NET's dialect (RE2's <c>(?P&lt;name&gt;</c> is .NET's <c>(?&lt;name&gt;</c>).</summary>
    private static Regex Pattern()
    {
        var line = MtailProgram.Render().Split('\n').Single(l => l.StartsWith("/^", StringComparison.Ordinal));
        var pattern = line[1..line.LastIndexOf("/ {", StringComparison.Ordinal)].Replace("(?P<", "(?<", StringComparison.Ordinal).Replace("\\/", "/", StringComparison.Ordinal);
        return new Regex(pattern, RegexOptions.CultureInvariant);
    }
}
