using System.Linq.Expressions;
using Slipway.Build.Definition;
using Slipway.Build.Hosting;
using Slipway.Build.Planning;
using Slipway.Build.Tools;

namespace Slipway.Build.Execution;

/// <summary>The base class of a build: <c>class Build : SlipwayBuild { public static int Main() =&gt; Execute&lt;Build&gt;(x =&gt; x.Compile); }</c></summary>
public abstract class SlipwayBuild
{
    /// <summary>The repository root: <c>--root</c>, else the nearest folder above the working directory with a <c>.nuke</c> folder.</summary>
    public AbsolutePath RootDirectory { get; internal set; } = AbsolutePath.Create(Directory.GetCurrentDirectory());

    public AbsolutePath TemporaryDirectory => RootDirectory / ".nuke" / "temp";

    public BuildHost Host { get; internal set; } = null!;

    public bool IsServerBuild => Host is { } host ? host.IsServer : Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "false";

    public bool IsLocalBuild => !IsServerBuild;

    public ExecutionPlan Plan { get; internal set; } = null!;

    public IReadOnlyList<ExecutableTarget> InvokedTargets => Plan.Invoked;

    /// <summary>Runs the build with the process's command line; <paramref name="defaultTargets"/> run when no target is named.</summary>
    protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargets)
        where T : SlipwayBuild, new()
    {
        var build = new T();
        var defaults = defaultTargets.Select(d => d.Compile()(build)).ToArray();
        return BuildRunner.RunAsync(build, Environment.GetCommandLineArgs().Skip(1).ToList(), defaults, BuildRunnerOptions.ForProcess())
            .GetAwaiter().GetResult();
    }
}
