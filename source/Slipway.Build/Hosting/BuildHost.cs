using Serilog.Events;
using Slipway.Build.Definition;
using Slipway.Build.Execution;
using Slipway.Tooling;
using Slipway.Tooling.Records;
using Spectre.Console;

namespace Slipway.Build.Hosting;

/// <summary>Where the build runs and how it talks: a console (colours and a live view when interactive) or a CI host.</summary>
public class BuildHost : IDisposable
{
    /// <param name="isServer">Whether this is a CI server; null: whether the process's CI variable is set (and not "false").</param>
    public BuildHost(TextWriter output, bool interactive, bool? isServer = null)
    {
        _isServer = isServer ?? IsCi(Environment.GetEnvironmentVariable("CI"));
        Output = output;
        Interactive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        Console.Profile.Width = interactive ? Console.Profile.Width : 120;
    }

    public TextWriter Output { get; }
    public bool Interactive { get; }
    public IAnsiConsole Console { get; }
    public virtual string Name => "console";

    /// <summary>The CI run's page (GitHub Actions run, GitLab job, Jenkins build); null off CI.</summary>
    public virtual string? RunUrl => null;

    /// <summary>Whether this is a CI server (the CI hosts; on the console, when CI is set).</summary>
    public virtual bool IsServer => _isServer;

    private readonly bool _isServer;

    private static bool IsCi(string? value) => value is { Length: > 0 } && value != "false";

    /// <summary>Whether each target's output goes in a collapsible group (CI hosts that have them; off when targets run in parallel).</summary>
    public bool GroupTargets { get; set; } = true;

    /// <summary>
    /// Creates the host for the current process: GitHub Actions when GITHUB_ACTIONS=true, GitLab CI when GITLAB_CI=true,
    /// Jenkins when JENKINS_URL or BUILD_URL is set, else the console.
    /// </summary>
    public static BuildHost Detect(TextWriter output, IReadOnlyDictionary<string, string> environment)
    {
        if (environment.GetValueOrDefault("GITHUB_ACTIONS") == "true")
            return new GitHubActionsHost(output, environment);
        if (environment.GetValueOrDefault("GITLAB_CI") == "true")
            return new GitLabCiHost(output, environment);
        if (environment.GetValueOrDefault("JENKINS_URL") is { Length: > 0 } || environment.GetValueOrDefault("BUILD_URL") is { Length: > 0 })
            return new JenkinsHost(output, environment);
        // the build's environment (the process's, or what a test gives), not the test process's own CI variable
        var server = IsCi(environment.GetValueOrDefault("CI"));
        var interactive = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected && !server;
        return new BuildHost(output, interactive, server);
    }

    public virtual void WriteLog(LogEventLevel level, string text, string? target)
    {
        var line = target is null ? text : $"{target} | {text}";
        if (!Interactive)
        {
            Output.WriteLine(line);
            return;
        }

        var colour = level switch
        {
            >= LogEventLevel.Error => "red",
            LogEventLevel.Warning => "yellow",
            <= LogEventLevel.Debug => "grey",
            _ => "default",
        };
        Console.MarkupLine($"[{colour}]{Markup.Escape(line)}[/]");
    }

    public virtual void WriteLogo()
    {
        Console.Write(new Text("Slipway", new Style(Color.Aqua, decoration: Decoration.Bold)));
        Console.WriteLine(" — the delivery pipeline as code");
        Console.WriteLine();
    }

    public virtual void TargetStarting(ExecutableTarget target) =>
        Console.Write(new Rule($"[bold]{Markup.Escape(target.Name)}[/]") { Justification = Justify.Left, Style = new Style(Color.Aqua) });

    public virtual void TargetFinished(ExecutableTarget target)
    {
    }

    public virtual void TargetFailed(ExecutableTarget target, Exception error)
    {
        Serilog.Log.Error("Target {TargetName} failed: {Reason}", target.Name, error.Message);
        if (error is not (BuildUsageException or TargetConditionException))
            Serilog.Log.Debug(error, "Where {TargetName} failed (--verbosity verbose shows this)", target.Name);
    }

    public virtual void WriteError(string message)
    {
        var text = SecretRedactor.Redact(message);
        if (Interactive)
            Console.MarkupLine($"[red]{Markup.Escape(text)}[/]");
        else
            Output.WriteLine(text);
    }

    /// <summary>Prints the summary table: every non-collective planned target with status, duration and note.</summary>
    public virtual void WriteSummary(IReadOnlyList<ExecutableTarget> targets, bool succeeded, TimeSpan total)
    {
        var table = new Table { Border = Interactive ? TableBorder.Rounded : TableBorder.Ascii };
        table.AddColumn("Target");
        table.AddColumn("Status");
        table.AddColumn(new TableColumn("Duration").RightAligned());
        table.AddColumn("Note");
        foreach (var target in targets.Where(t => !t.IsCollective))
        {
            table.AddRow(
                new Text(target.Name),
                new Markup(StatusMarkup(target.Status)),
                new Text(target.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Aborted or TargetStatus.UpToDate ? Format(target.Duration) : "–"),
                new Text(SecretRedactor.Redact(Note(target))));
        }

        table.AddEmptyRow();
        table.AddRow(new Text("Total"), new Text(string.Empty), new Text(Format(total)), new Text(string.Empty));
        Console.WriteLine();
        Console.Write(table);
        Console.MarkupLine(succeeded ? "[green bold]Build succeeded[/]" : "[red bold]Build failed[/]");
    }

    public virtual void SetOutput(string name, string value) =>
        Serilog.Log.Information("Output {OutputName} = {OutputValue}", name, SecretRedactor.Redact(value));

    public static string Note(ExecutableTarget target) => target.Status switch
    {
        TargetStatus.Failed => FirstLine(target.Error?.Message),
        _ => target.SkipReason ?? string.Empty,
    };

    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds < 1 ? $"{duration.TotalMilliseconds:0} ms"
        : duration.TotalMinutes < 1 ? $"{duration.TotalSeconds:0.0} s"
        : $"{(int)duration.TotalMinutes}:{duration.Seconds:00} min";

    private static string FirstLine(string? text) => text?.Split('\n')[0].Trim() ?? string.Empty;

    private static string StatusMarkup(TargetStatus status) => status switch
    {
        TargetStatus.Succeeded => "[green]Succeeded[/]",
        TargetStatus.UpToDate => "[green]UpToDate[/]",
        TargetStatus.Failed => "[red]Failed[/]",
        TargetStatus.Aborted => "[red]Aborted[/]",
        TargetStatus.Skipped => "[grey]Skipped[/]",
        _ => $"[yellow]{status}[/]",
    };

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
