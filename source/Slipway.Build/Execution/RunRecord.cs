using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Slipway.Build.CommandLine;
using Slipway.Build.Definition;
using Slipway.Build.Hosting;
using Slipway.Build.Parameters;
using Slipway.Build.Planning;
using Slipway.Tooling;
using Slipway.Tooling.Records;

namespace Slipway.Build.Execution;

/// <summary>
/// Writes the record of a run, <c>.nuke/temp/run.json</c> (a <see cref="RunDocument"/>): invocation, parameters (secrets
/// redacted), each target's status, start, duration, skip reason and error; and applies the previous one for <c>--continue</c>.
/// The Report target reads it through <see cref="RunDocument.ReadAsync"/> too.
/// </summary>
internal sealed class RunRecord(SlipwayBuild build, ParsedArguments arguments, IReadOnlyList<ParameterMember> parameters, BuildHost host, DateTimeOffset started)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    private string Path => build.TemporaryDirectory / RunDocument.FileName;

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
        var document = new RunDocument
        {
            SchemaVersion = 1,
            Invocation = new InvocationDocument
            {
                Targets = plan.Invoked.Select(t => t.Name).ToList(),
                Arguments = arguments.Raw.Select(SecretRedactor.Redact).ToList(),
                Profiles = arguments.Values("profile")?.ToList() ?? [],
                Host = host.Name,
                RunUrl = host.RunUrl,
                StartedAt = started,
                FinishedAt = DateTimeOffset.Now,
                DurationMs = Math.Round(duration.TotalMilliseconds),
                ExitCode = exitCode,
                Commit = GitCommit(),
                Key = InvocationKey(plan),
            },
            Parameters = parameters.ToDictionary(p => p.Name, p => p.IsSecret ? (p.GetValue(build) is null ? null : SecretRedactor.Mask) : SecretRedactor.Redact(Text(p.GetValue(build)) ?? string.Empty)),
            Outcome = exitCode switch { null => "Running", 0 => "Succeeded", BuildRunner.Cancelled => "Aborted", _ => "Failed" },
            Targets = plan.Ordered.Where(t => !t.IsCollective).Select(t => new TargetDocument
            {
                Name = t.Name,
                Status = t.Status,
                StartedAt = t.StartedAt,
                DurationMs = Math.Round(t.Duration.TotalMilliseconds),
                SkipReason = t.SkipReason,
                Error = t.Error is null ? null : SecretRedactor.Redact(t.Error.Message),
                Description = t.Description,
            }).ToList(),
        };
        build.TemporaryDirectory.CreateDirectory();
        var temporary = Path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(document, RunDocument.JsonOptions)).ConfigureAwait(false);
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>With --continue: when the last run of the same invocation failed, its succeeded targets are skipped.</summary>
    public async Task ApplyContinueAsync(ExecutionPlan plan, CancellationToken cancellationToken = default)
    {
        RunDocument? previous = null;
        if (File.Exists(Path))
        {
            try
            {
                previous = await RunDocument.ReadAsync(Path, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException exception)
            {
                Serilog.Log.Warning("--continue: {Problem}; running from scratch", exception.Message);
                return;
            }
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
}
