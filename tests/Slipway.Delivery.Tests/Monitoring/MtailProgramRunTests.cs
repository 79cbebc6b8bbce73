using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>The generated program run by the image's mtail over lines as nginx sends them (one-shot: read the file, print the metrics, exit).</summary>
[Collection(MonitoringCollection.Name)]
public sealed partial class MtailProgramRunTests(MonitoringFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-mtail-").FullName;

    [Fact]
    public async Task CountsEachLineByColourAndCode()
    {
        // Act
        var metrics = await RunAsync(
            EdgeLogLine.Format("blue", 200, 0.010), EdgeLogLine.Format("blue", 200, 0.020), EdgeLogLine.Format("blue", 500, 0.300), EdgeLogLine.Format("green", 429, 0.001));

        // Assert
        metrics[$"{EdgeMetrics.Requests}{{code=\"200\",colour=\"blue\"}}"].ShouldBe(2);
        metrics[$"{EdgeMetrics.Requests}{{code=\"500\",colour=\"blue\"}}"].ShouldBe(1);
        metrics[$"{EdgeMetrics.Requests}{{code=\"429\",colour=\"green\"}}"].ShouldBe(1);
    }

    [Fact]
    public async Task PutsEveryRequestInTheCumulativeBucketsEvenOneTimedAtZero()
    {
        // Act
        var metrics = await RunAsync(EdgeLogLine.Format("blue", 200, 0), EdgeLogLine.Format("blue", 200, 0.001), EdgeLogLine.Format("blue", 500, 0.300));

        // Assert
        Bucket(metrics, "0").ShouldBe(1, "0.000 s lands in le=0");
        Bucket(metrics, "0.001").ShouldBe(2, "a bound is inclusive, as Prometheus's le");
        Bucket(metrics, "0.265").ShouldBe(2);
        Bucket(metrics, "0.331").ShouldBe(3);
        Bucket(metrics, "+Inf").ShouldBe(3);
        metrics[$"{EdgeMetrics.Duration}_count{{colour=\"blue\"}}"].ShouldBe(3);
        metrics[$"{EdgeMetrics.Duration}_sum{{colour=\"blue\"}}"].ShouldBe(0.301, 1e-9);
    }

    [Fact]
    public async Task ExportsNoProgramLabel()
    {
        // Act
        var metrics = await RunAsync(EdgeLogLine.Format("blue", 200, 0.010));

        // Assert
        metrics.Keys.Where(key => key.StartsWith("slipway_edge", StringComparison.Ordinal)).ShouldAllBe(key => !key.Contains("prog=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SkipsLinesOfAnotherShape()
    {
        // Act
        var metrics = await RunAsync("<190>Dec  2 04:20:00 other: colour=blue status=200 time=0.010\n", EdgeLogLine.Format("blue", 200, 0.010), "garbage\n");

        // Assert
        metrics[$"{EdgeMetrics.Requests}{{code=\"200\",colour=\"blue\"}}"].ShouldBe(1);
    }

    public void Dispose() => new Cleanup().DeleteDirectory(_directory);

    private static double Bucket(Dictionary<string, double> metrics, string le) => metrics[$"{EdgeMetrics.Duration}_bucket{{colour=\"blue\",le=\"{le}\"}}"];

    /// <summary>Runs the program over the lines and returns each exported series with its value.</summary>
    private async Task<Dictionary<string, double>> RunAsync(params string[] lines)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "mtail"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "mtail", "edge.mtail"), MtailProgram.Render());
        await File.WriteAllTextAsync(Path.Combine(_directory, "lines.log"), string.Concat(lines));
        var (exitCode, output) = await MonitoringTools.RunAsync(fixture.Client, fixture.Image, _directory, "/work", "mtail",
            ["--one_shot", "--one_shot_format=prometheus", "--progs", "/work/mtail", "--logs", "/work/lines.log", "--emit_prog_label=false", "--logtostderr", .. MtailRun.LoopbackOnly]);
        exitCode.ShouldBe(0, output);
        return Sample().Matches(output).ToDictionary(m => m.Groups["series"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<series>[a-z_]+(?:\{[^}]*\})?) (?<value>[-+0-9.eE]+|NaN)$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
