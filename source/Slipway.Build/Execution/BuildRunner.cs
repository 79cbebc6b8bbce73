using System.Diagnostics;
using Serilog;
using Serilog.Events;
using Slipway.Build.Ci;
using Slipway.Build.CommandLine;
using Slipway.Build.Definition;
using Slipway.Build.Hosting;
using Slipway.Build.Parameters;
using Slipway.Build.Planning;
using Slipway.Build.Schema;
using Slipway.Build.Tools;
using Slipway.Tooling.Records;

namespace Slipway.Build.Execution;

/// <summary>One run of a build: arguments → parameters → plan → checks → targets → summary → run record → exit code.</summary>
public static class BuildRunner
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(SlipwayBuild build, IReadOnlyList<string> args, IReadOnlyList<Target> defaultTargets, BuildRunnerOptions options)
    {
        using var host = BuildHost.Detect(options.Output, options.Environment);
        build.Host = host;
        var parameters = ParameterMember.Discover(build.GetType());
        var flags = parameters.Where(p => (Nullable.GetUnderlyingType(p.Type) ?? p.Type) == typeof(bool)).Select(p => p.Key).ToHashSet();
        var arguments = ParsedArguments.Parse(args, flags);
        try
        {
            Log.Logger = CreateLogger(host, arguments);
            return await RunAsync(build, arguments, parameters, defaultTargets, options, host).ConfigureAwait(false);
        }
        catch (BuildUsageException e)
        {
            host.WriteError(e.Message);
            return UsageError;
        }
        catch (TargetConditionException e)
        {
            host.WriteError(e.Message);
            return Failure;
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }

    private static async Task<int> RunAsync(
        SlipwayBuild build, ParsedArguments arguments, IReadOnlyList<ParameterMember> parameters, IReadOnlyList<Target> defaultTargets, BuildRunnerOptions options, BuildHost host)
    {
        var started = DateTimeOffset.Now;
        var stopwatch = Stopwatch.StartNew();
        build.RootDirectory = FindRoot(arguments, options);
        var targets = TargetDiscovery.Discover(build);
        CheckOptions(arguments, parameters);
        var profiles = arguments.Values("profile") ?? [];
        // a CI server is never asked: it has no one to answer
        var prompt = host.IsServer ? null : options.Prompt;
        var password = new SecretsPassword(options.Environment, prompt);
        if (arguments.Has("secrets"))
            return SecretsCommand.Run(build.RootDirectory, arguments.Values("secrets") ?? [], profiles, parameters, password, prompt, options.PipedInput, host);
        new ParameterService(build.RootDirectory, options.Environment, password, host.IsServer).Apply(build, parameters, arguments.Options, profiles);

        if (arguments.Has("generateci"))
            return CiGeneration.Generate(build, targets, host, check: arguments.Has("check"));

        var invokedNames = arguments.Targets;
        var invoked = invokedNames.Count > 0
            ? TargetNames.Resolve(targets, invokedNames, "Target")
            : defaultTargets.Select(d => TargetDiscovery.Find(targets, d)).ToList();
        if (arguments.Has("help") || invoked.Count == 0)
        {
            HelpWriter.Write(host, build, targets, parameters, defaultTargets.Select(d => TargetDiscovery.Find(targets, d)).ToList());
            return Success;
        }

        var plan = Planner.Plan(targets, invoked);
        build.Plan = plan;
        var skip = arguments.Values("skip") is { } skipNames ? TargetNames.Resolve(targets, skipNames, "Skipped target") : null;
        var record = new RunRecord(build, arguments, parameters, host, started);
        if (arguments.Has("continue"))
            await record.ApplyContinueAsync(plan, options.CancellationToken).ConfigureAwait(false);

        SkipEvaluator.Apply(plan, skip);
        if (arguments.Has("plan"))
        {
            PlanWriter.Write(host, build.RootDirectory, plan);
            return Success;
        }

        RequirementChecker.Check(plan, parameters);
        // only a build that really runs refreshes the schema: --help and --plan leave the working tree alone
        SchemaWriter.WriteIfChanged(build.RootDirectory, targets, parameters);
        if (!arguments.Has("nologo"))
            host.WriteLogo();

        var forced = arguments.Values("force") is { } forceNames ? TargetNames.Resolve(targets, forceNames, "Forced target") : null;
        // a target's identity is its own definition, its code and the parameters it reads: an edit elsewhere in build/ keeps it
        var cache = new IncrementalCache(build.RootDirectory, target => TargetIdentity.Of(build, target, parameters), forced);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        ConsoleCancelEventHandler? onCancel = null;
        if (options.HandleCancelKey)
        {
            onCancel = (_, e) =>
            {
                if (cancellation.IsCancellationRequested)
                    return;
                e.Cancel = true;
                Log.Warning("Cancelling: Ctrl+C pressed (press again to end at once)");
                cancellation.Cancel();
            };
            Console.CancelKeyPress += onCancel;
        }

        try
        {
            var parallelism = Parallelism(arguments);
            host.GroupTargets = parallelism == 1;
            // the record is rewritten as each target finishes, so a target late in the run (Report) can read it
            await new Executor(host, cache, parallelism, () => record.WriteAsync(plan, exitCode: null, stopwatch.Elapsed))
                .RunAsync(plan, cancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            if (onCancel is not null)
                Console.CancelKeyPress -= onCancel;
        }

        var cancelled = cancellation.IsCancellationRequested;
        var succeeded = !cancelled && plan.Ordered.All(t => t.Status is TargetStatus.Succeeded or TargetStatus.UpToDate or TargetStatus.Skipped);
        var exitCode = cancelled ? Cancelled : succeeded ? Success : Failure;
        host.WriteSummary(plan.Ordered, succeeded, stopwatch.Elapsed);
        await record.WriteAsync(plan, exitCode, stopwatch.Elapsed).ConfigureAwait(false);
        return exitCode;
    }

    private static int Parallelism(ParsedArguments arguments)
    {
        if (!arguments.Has("parallel"))
            return 1;
        var value = arguments.Value("parallel");
        if (value is null)
            return Environment.ProcessorCount;
        return int.TryParse(value, out var n) && n >= 1
            ? n
            : throw new BuildUsageException($"--parallel '{value}' is not a positive whole number. Use --parallel for one per core, or --parallel 4.");
    }

    private static AbsolutePath FindRoot(ParsedArguments arguments, BuildRunnerOptions options)
    {
        if (arguments.Value("root") is { } root)
        {
            var path = AbsolutePath.Create(Path.Combine(options.WorkingDirectory, root));
            return path.DirectoryExists() ? path : throw new BuildUsageException($"--root '{root}' does not exist. Pass the repository folder (the one holding .nuke/).");
        }

        for (var directory = new DirectoryInfo(options.WorkingDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
                return AbsolutePath.Create(directory.FullName);
        }

        return AbsolutePath.Create(options.WorkingDirectory);
    }

    private static void CheckOptions(ParsedArguments arguments, IReadOnlyList<ParameterMember> parameters)
    {
        var known = EngineOptions.Keys.Concat(parameters.Select(p => p.Key)).ToHashSet();
        var problems = new List<string>();
        foreach (var key in arguments.Options.Keys.Where(k => !known.Contains(k)))
        {
            var spelled = arguments.Spelled[key];
            var nearest = NearestMatch.Find(key, parameters.Select(p => p.OptionName[2..]).Concat(EngineOptions.All.Select(o => o.Name.Split(' ')[0][2..])));
            problems.Add($"Unknown option '{spelled}'." + (nearest is null ? string.Empty : $" Did you mean '--{nearest}'?") + " Run with --help to list the options.");
        }

        if (problems.Count > 0)
            throw new BuildUsageException(string.Join(Environment.NewLine, problems));
    }

    private static Serilog.Core.Logger CreateLogger(BuildHost host, ParsedArguments arguments)
    {
        var level = arguments.Value("verbosity")?.ToLowerInvariant() switch
        {
            null or "normal" => LogEventLevel.Information,
            "quiet" => LogEventLevel.Error,
            "minimal" => LogEventLevel.Warning,
            "verbose" => LogEventLevel.Debug,
            var other => throw new BuildUsageException($"--verbosity '{other}' is not known. Use quiet, minimal, normal or verbose."),
        };
        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new RedactingSink(host, prefixTargets: arguments.Has("parallel")))
            .CreateLogger();
    }
}
