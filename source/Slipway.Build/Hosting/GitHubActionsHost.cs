using Serilog.Events;
using Slipway.Build.Definition;
using Slipway.Tooling;

namespace Slipway.Build.Hosting;

/// <summary>
/// GitHub Actions: every secret masked with ::add-mask:: before anything else is printed, a group per target,
/// warnings and errors as annotations, the summary appended to $GITHUB_STEP_SUMMARY, outputs to $GITHUB_OUTPUT.
/// </summary>
public sealed class GitHubActionsHost : BuildHost
{
    private readonly IReadOnlyDictionary<string, string> _environment;

    public GitHubActionsHost(TextWriter output, IReadOnlyDictionary<string, string> environment)
        : base(output, interactive: false)
    {
        _environment = environment;
        SecretRedactor.Registered += Mask;
    }

    public override string Name => "github-actions";

    public override string? RunUrl =>
        _environment.GetValueOrDefault("GITHUB_REPOSITORY") is { Length: > 0 } repository && _environment.GetValueOrDefault("GITHUB_RUN_ID") is { Length: > 0 } run
            ? $"{(_environment.GetValueOrDefault("GITHUB_SERVER_URL") is { Length: > 0 } server ? server.TrimEnd('/') : "https://github.com")}/{repository}/actions/runs/{run}"
            : null;

    public override bool IsServer => true;

    public static string Escape(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    public override void WriteLogo()
    {
    }

    public override void WriteLog(LogEventLevel level, string text, string? target)
    {
        var prefixed = target is null ? text : $"{target} | {text}";
        // annotations carry the message alone: GitHub shows its own time and severity
        var message = text.Length > 13 && text[2] == ':' && text[12] == ' ' ? text[13..] : text;
        var annotation = target is null ? message : $"{target}: {message}";
        switch (level)
        {
            case >= LogEventLevel.Error:
                Output.WriteLine($"::error::{Escape(annotation)}");
                break;
            case LogEventLevel.Warning:
                Output.WriteLine($"::warning::{Escape(annotation)}");
                break;
            default:
                Output.WriteLine(prefixed);
                break;
        }
    }

    public override void TargetStarting(ExecutableTarget target)
    {
        if (GroupTargets)
            Output.WriteLine($"::group::{Escape(target.Name)}");
        else
            base.TargetStarting(target);
    }

    public override void TargetFinished(ExecutableTarget target)
    {
        if (GroupTargets)
            Output.WriteLine("::endgroup::");
    }

    public override void WriteError(string message) => Output.WriteLine($"::error::{Escape(SecretRedactor.Redact(message))}");

    public override void WriteSummary(IReadOnlyList<ExecutableTarget> targets, bool succeeded, TimeSpan total)
    {
        base.WriteSummary(targets, succeeded, total);
        var path = _environment.GetValueOrDefault("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(path))
            return;
        var lines = new List<string>
        {
            $"### {(succeeded ? "✅ Build succeeded" : "❌ Build failed")} in {Format(total)}",
            string.Empty,
            "| Target | Status | Duration | Note |",
            "|---|---|---:|---|",
        };
        lines.AddRange(targets.Where(t => !t.IsCollective).Select(t =>
            $"| {t.Name} | {t.Status} | {(t.StartedAt is null ? "–" : Format(t.Duration))} | {SecretRedactor.Redact(Note(t)).Replace("|", "\\|", StringComparison.Ordinal)} |"));
        File.AppendAllText(path, string.Join("\n", lines) + "\n\n");
    }

    public override void SetOutput(string name, string value)
    {
        var path = _environment.GetValueOrDefault("GITHUB_OUTPUT");
        if (string.IsNullOrEmpty(path))
        {
            base.SetOutput(name, value);
            return;
        }

        var delimiter = "slipway_" + Guid.NewGuid().ToString("N");
        File.AppendAllText(path, $"{name}<<{delimiter}\n{value}\n{delimiter}\n");
    }

    public override void Dispose()
    {
        SecretRedactor.Registered -= Mask;
        base.Dispose();
    }

    private void Mask(string secret)
    {
        foreach (var line in secret.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Output.WriteLine($"::add-mask::{Escape(line.TrimEnd('\r'))}");
    }
}
