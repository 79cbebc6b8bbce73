using System.Collections;

namespace Slipway.Build.Execution;

/// <summary>Where a build run reads its environment and writes its output; tests pass their own.</summary>
public sealed record BuildRunnerOptions
{
    public TextWriter Output { get; init; } = Console.Out;
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Hooks Ctrl+C to cancel the running targets (a second Ctrl+C ends the process).</summary>
    public bool HandleCancelKey { get; init; }

    public static BuildRunnerOptions ForProcess() => new()
    {
        Environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty),
        HandleCancelKey = true,
    };
}
