using System.Text.Json;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>Reads the engine's run record (<c>.nuke/temp/run.json</c>).</summary>
internal static class RunRecordReader
{
    public static async Task<RunSection> ReadAsync(string? path, IReadOnlyDictionary<string, string> stages, PathDisplay display, CancellationToken cancellationToken)
    {
        if (path is null || !File.Exists(path))
            return new RunSection { Reason = $"No run record at '{display.Show(path)}'; the engine writes it at the end of every run (./build.sh <Target>)." };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (JsonException exception)
        {
            return new RunSection { Reason = $"The run record '{display.Show(path)}' is not valid JSON ({exception.Message}); run the pipeline again to rewrite it." };
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new RunSection { Reason = $"The run record '{display.Show(path)}' is not a JSON object; run the pipeline again to rewrite it." };
            var invocation = JsonRead.Property(root, "invocation") ?? default;
            var startedAt = JsonRead.Date(invocation, "startedAt");
            var targets = JsonRead.Array(root, "targets")
                .Where(t => t.ValueKind == JsonValueKind.Object)
                .Select(t =>
                {
                    var targetStart = JsonRead.Date(t, "startedAt");
                    return new TargetRun(
                        JsonRead.String(t, "name") ?? "(unnamed)",
                        JsonRead.String(t, "status") ?? "Unknown",
                        targetStart,
                        targetStart is { } s && startedAt is { } r ? Math.Max(0, (s - r).TotalMilliseconds) : null,
                        Math.Max(0, JsonRead.Double(t, "durationMs") ?? 0),
                        JsonRead.String(t, "skipReason"),
                        JsonRead.String(t, "error"),
                        JsonRead.String(t, "description"));
                })
                .ToArray();
            return new RunSection
            {
                Outcome = JsonRead.String(root, "outcome") ?? "Unknown",
                RequestedTargets = JsonRead.Strings(invocation, "targets"),
                Host = JsonRead.String(invocation, "host"),
                StartedAt = startedAt,
                FinishedAt = JsonRead.Date(invocation, "finishedAt"),
                DurationMs = JsonRead.Double(invocation, "durationMs"),
                ExitCode = JsonRead.Int(invocation, "exitCode"),
                Commit = JsonRead.String(invocation, "commit"),
                Parameters = ReadParameters(root),
                Targets = targets,
                Stages = StageTimesOf(targets, stages),
            };
        }
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

    private static SortedDictionary<string, string?> ReadParameters(JsonElement root)
    {
        var parameters = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        if (JsonRead.Property(root, "parameters") is not { ValueKind: JsonValueKind.Object } element)
            return parameters;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
            parameters[property.Name] = SecretNames.LooksSecret(property.Name) && value is not null ? SecretNames.Mask : value;
        }
        return parameters;
    }
}
