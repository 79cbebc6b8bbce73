using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Serilog;

namespace Slipway.Delivery.Images;

/// <summary>Follows the daemon's JSON message stream: logs each step, counts cache hits, remembers the failing step.</summary>
internal sealed partial class BuildProgress(ILogger log) : IProgress<JSONMessage>
{
    public string? CurrentStep { get; private set; }

    public int TotalSteps { get; private set; }

    public int CachedSteps { get; private set; }

    public string? Error { get; private set; }

    public void Report(JSONMessage value)
    {
        if (value.Error?.Message is { Length: > 0 } error)
        {
            Error ??= error.Trim();
            return;
        }

        if (value.Stream is not { } text)
        {
            return;
        }

        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var step = StepLine().Match(line);
            if (step.Success)
            {
                CurrentStep = line;
                TotalSteps = int.Parse(step.Groups["total"].Value, System.Globalization.CultureInfo.InvariantCulture);
                log.Information("{BuildStep:l}", line);
            }
            else if (line.Contains("Using cache", StringComparison.Ordinal))
            {
                CachedSteps++;
                log.Debug("{BuildOutput:l}", line);
            }
            else
            {
                log.Debug("{BuildOutput:l}", line);
            }
        }
    }

    public ContainerImageBuildException Failure(string daemonMessage, Exception? innerException)
    {
        var where = CurrentStep is null ? "before its first step" : $"at '{CurrentStep}'";
        return new ContainerImageBuildException(
            $"The image build failed {where}: {daemonMessage}. Fix that instruction or its input and run the ContainerImage target again.",
            CurrentStep, daemonMessage, innerException);
    }

    [GeneratedRegex(@"^Step (?<number>\d+)/(?<total>\d+) : ")]
    private static partial Regex StepLine();
}
