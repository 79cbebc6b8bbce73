using Slipway.Tooling;

namespace Slipway.Build.Tools;

/// <summary>Typed helpers for the dotnet CLI.</summary>
public static class DotNetTasks
{
    public static Task<IReadOnlyList<string>> DotNetRestoreAsync(string project, CancellationToken cancellationToken = default) =>
        DotNetAsync(["restore", project, "--nologo"], cancellationToken: cancellationToken);

    public static Task<IReadOnlyList<string>> DotNetBuildAsync(string project, string configuration, bool noRestore = true, CancellationToken cancellationToken = default) =>
        DotNetAsync(["build", project, "--configuration", configuration, "--nologo", .. NoRestore(noRestore)], cancellationToken: cancellationToken);

    public static Task<IReadOnlyList<string>> DotNetTestAsync(
        string project, string configuration, IEnumerable<string> extraArguments, bool noBuild = true,
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default) =>
        DotNetAsync(["test", project, "--configuration", configuration, "--nologo", .. (noBuild ? new[] { "--no-build" } : []), .. extraArguments],
            environment: environment, cancellationToken: cancellationToken);

    public static Task<IReadOnlyList<string>> DotNetPublishAsync(
        string project, string configuration, string runtime, string output, bool selfContained = true, bool trimmed = false, CancellationToken cancellationToken = default) =>
        DotNetAsync(
            ["publish", project, "--configuration", configuration, "--runtime", runtime, "--self-contained", selfContained ? "true" : "false",
             "--output", output, "--nologo", .. (trimmed ? new[] { "-p:PublishTrimmed=true" } : [])],
            cancellationToken: cancellationToken);

    public static Task<IReadOnlyList<string>> DotNetAsync(
        IEnumerable<string> arguments, string? workingDirectory = null, bool logOutput = true,
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default) =>
        ProcessTasks.RunAsync("dotnet", arguments, workingDirectory,
            environment is null ? Environment : new Dictionary<string, string?>(Environment.Concat(environment)), logOutput, cancellationToken: cancellationToken);

    private static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    private static string[] NoRestore(bool noRestore) => noRestore ? ["--no-restore"] : [];
}
