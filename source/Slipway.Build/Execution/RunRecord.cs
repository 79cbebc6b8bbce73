using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Slipway.Build.CommandLine;
using Slipway.Build.Definition;
using Slipway.Build.Hosting;
using Slipway.Build.Parameters;
using Slipway.Build.Planning;
using Slipway.Tooling;

namespace Slipway.Build.Execution;

/// <summary>
/// The record of a run, <c>.nuke/temp/run.json</c>: invocation, parameters (secrets redacted), each target's
/// status, start, duration, skip reason and error. The Report target and <c>--continue</c> read it.
/// </summary>
internal sealed class RunRecord(SlipwayBuild build, ParsedArguments arguments, IReadOnlyList<ParameterMember> parameters, BuildHost host, DateTimeOffset started)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly SemaphoreSlim _gate = new(1, 1);

    private string Path => build.TemporaryDirectory / "run.json";

    /// <summary>Non-secret parameter values, for up-to-date checks and --continue.</summary>
    public string ParameterFingerprint() =>
        string.Join("\n", parameters.Where(p => !p.IsSecret).Select(p => $"{p.Name}={Text(p.GetValue(build))}"));

    public async Task WriteAsync(ExecutionPlan plan, int? exitCode, TimeSpan duration)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await WriteCoreAsync(plan, exitCode, duration).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteCoreAsync(ExecutionPlan plan, int? exitCode, TimeSpan duration)
    {
        var document = new RunDocument(
            SchemaVersion: 1,
            Invocation: new InvocationDocument(
                plan.Invoked.Select(t => t.Name).ToList(),
                arguments.Raw.Select(SecretRedactor.Redact).ToList(),
                arguments.Values("profile")?.ToList() ?? [],
                host.Name,
                started,
                DateTimeOffset.Now,
                Math.Round(duration.TotalMilliseconds),
                exitCode,
                GitCommit(),
                InvocationKey(plan)),
            Parameters: parameters.ToDictionary(p => p.Name, p => p.IsSecret ? (p.GetValue(build) is null ? null : SecretRedactor.Mask) : SecretRedactor.Redact(Text(p.GetValue(build)) ?? string.Empty)),
            Outcome: exitCode switch { null => "Running", 0 => "Succeeded", BuildRunner.Cancelled => "Aborted", _ => "Failed" },
            Targets: plan.Ordered.Where(t => !t.IsCollective).Select(t => new TargetDocument(
                t.Name,
                t.Status,
                t.StartedAt,
                Math.Round(t.Duration.TotalMilliseconds),
                t.SkipReason,
                t.Error is null ? null : SecretRedactor.Redact(t.Error.Message),
                t.Description)).ToList());
        build.TemporaryDirectory.CreateDirectory();
        var temporary = Path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(document, Json)).ConfigureAwait(false);
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>With --continue: when the last run of the same invocation failed, its succeeded targets are skipped.</summary>
    public void ApplyContinue(ExecutionPlan plan)
    {
        RunDocument? previous = null;
        try
        {
            if (File.Exists(Path))
                previous = JsonSerializer.Deserialize<RunDocument>(File.ReadAllText(Path), Json);
        }
        catch (JsonException)
        {
        }

        if (previous is null || previous.Outcome == "Succeeded" || previous.Invocation.Key != InvocationKey(plan))
        {
            Serilog.Log.Information("--continue: no failed run of this invocation to continue; running from scratch");
            return;
        }

        foreach (var done in previous.Targets.Where(t => t.Status is TargetStatus.Succeeded or TargetStatus.UpToDate))
        {
            var target = plan.Ordered.FirstOrDefault(t => t.Name == done.Name);
            if (target is not null)
                SkipEvaluator.Skip(target, "succeeded in the previous run (--continue)");
        }
    }

    private string InvocationKey(ExecutionPlan plan)
    {
        var text = string.Join(",", plan.Invoked.Select(t => t.Name)) + "\n" + ParameterFingerprint() + "\n" +
            string.Join(",", arguments.Values("skip") ?? []);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private string? GitCommit()
    {
        try
        {
            var git = build.RootDirectory / ".git";
            var head = File.ReadAllText(git / "HEAD").Trim();
            if (!head.StartsWith("ref: ", StringComparison.Ordinal))
                return head;
            var reference = head[5..];
            var file = git / reference;
            if (file.FileExists())
                return File.ReadAllText(file).Trim();
            var packed = git / "packed-refs";
            return packed.FileExists()
                ? File.ReadLines(packed).Select(l => l.Split(' ')).FirstOrDefault(p => p.Length == 2 && p[1] == reference)?[0]
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    internal static string? Text(object? value) => value switch
    {
        null => null,
        Array array => string.Join(",", array.Cast<object?>().Select(Text)),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    internal sealed record RunDocument(int SchemaVersion, InvocationDocument Invocation, Dictionary<string, string?> Parameters, string Outcome, List<TargetDocument> Targets);

    internal sealed record InvocationDocument(
        List<string> Targets, List<string> Arguments, List<string> Profiles, string Host,
        DateTimeOffset StartedAt, DateTimeOffset FinishedAt, double DurationMs, int? ExitCode, string? Commit, string Key);

    internal sealed record TargetDocument(string Name, TargetStatus Status, DateTimeOffset? StartedAt, double DurationMs, string? SkipReason, string? Error, string? Description);
}
