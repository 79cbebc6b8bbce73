using Slipway.Build.Definition;
using Slipway.Build.Execution;

namespace Slipway.Build.Tests;

/// <summary>Runs a build in a fresh temporary root and captures its output.</summary>
internal sealed class BuildHarness : IDisposable
{
    public BuildHarness()
    {
        Root = Directory.CreateTempSubdirectory("slipway-build-tests-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }
    public Dictionary<string, string> Environment { get; } = new();
    public string Output { get; private set; } = string.Empty;

    /// <summary>The terminal prompt the build may ask on (null: no terminal).</summary>
    public Func<string, string?>? Prompt { get; set; }

    /// <summary>Standard input piped to the build (null: none).</summary>
    public string? Stdin { get; set; }

    public string RunJson => File.ReadAllText(Path.Combine(Root, ".nuke", "temp", "run.json"));

    public async Task<int> RunAsync(SlipwayBuild build, string[] args, Target[]? defaults = null, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        var exitCode = await BuildRunner.RunAsync(build, args, defaults ?? [], new BuildRunnerOptions
        {
            Output = output,
            Environment = Environment,
            WorkingDirectory = Root,
            CancellationToken = cancellationToken,
            Prompt = Prompt,
            PipedInput = Stdin is null ? null : new StringReader(Stdin),
        });
        Output = output.ToString();
        return exitCode;
    }

    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
