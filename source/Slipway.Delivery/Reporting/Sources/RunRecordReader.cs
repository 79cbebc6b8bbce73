using System.Text.Json;
using Slipway.Delivery.Reporting.Model;
using Slipway.Tooling.Records;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>Turns the engine's run record (<c>.nuke/temp/run.json</c>), read by <see cref="RunDocument.ReadAsync"/>, into the report's run section.</summary>
internal static class RunRecordReader
{
    public static async Task<RunSection> ReadAsync(string? path, IReadOnlyDictionary<string, string> stages, PathDisplay display, CancellationToken cancellationToken)
    {
        if (path is null || !File.Exists(path))
            return new RunSection { Reason = $"No run record at '{display.Show(path)}'; the engine writes it at the end of every run (./build.sh <Target>)." };
        RunDocument record;
        try
        {
            record = await RunDocument.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException exception) when (exception.InnerException is JsonException json)
        {
            return new RunSection { Reason = $"The run record '{display.Show(path)}' is not valid JSON ({json.Message}); run the pipeline again to rewrite it." };
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return new RunSection { Reason = $"The run record '{display.Show(path)}' cannot be read ({exception.Message}); run the pipeline again to rewrite it." };
        }
        var invocation = record.Invocation;
        var targets = record.Targets
            .Select(t => new TargetRun(
                t.Name,
                t.Status.ToString(),
                t.StartedAt,
                t.StartedAt is { } start ? Math.Max(0, (start - invocation.StartedAt).TotalMilliseconds) : null,
                Math.Max(0, t.DurationMs),
                t.SkipReason,
                t.Error,
                t.Description))
            .ToArray();
        return new RunSection
        {
            Outcome = record.Outcome,
            RequestedTargets = invocation.Targets,
            Host = invocation.Host,
            RunUrl = invocation.RunUrl,
            StartedAt = invocation.StartedAt,
            FinishedAt = invocation.FinishedAt,
            DurationMs = invocation.DurationMs,
            ExitCode = invocation.ExitCode,
            Commit = invocation.Commit,
            Parameters = MaskSecrets(record.Parameters),
            Targets = targets,
            Stages = StageTimesOf(targets, stages),
        };
    }

    internal static StageTimes StageTimesOf(IReadOnlyList<TargetRun> targets, IReadOnlyDictionary<string, string> stages)
    {
        double? Sum(string stage)
        {
            var ran = targets.Where(t => stages.TryGetValue(t.Name, out var s) && s == stage && t.Status is not ("Skipped" or "NotRun")).ToArray();
            return ran.Length == 0 ? null : ran.Sum(t => t.DurationMs);
        }
        return new StageTimes(Sum("build"), Sum("test"), Sum("image"), Sum("deploy"));
    }

    /// <summary>The engine redacts secret parameters; a name that only looks secret is masked here too.</summary>
    private static SortedDictionary<string, string?> MaskSecrets(IReadOnlyDictionary<string, string?> recorded)
    {
        var parameters = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in recorded)
            parameters[name] = SecretNames.LooksSecret(name) && value is not null ? SecretNames.Mask : value;
        return parameters;
    }
}
