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

    /// <summary>Asks for a secret on the terminal without echoing it; null when there is no terminal to ask on.</summary>
    public Func<string, string?>? Prompt { get; init; }

    /// <summary>Standard input when it is not a terminal (values piped to <c>--secrets</c>); null otherwise.</summary>
    public TextReader? PipedInput { get; init; }

    public static BuildRunnerOptions ForProcess() => new()
    {
        Environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty),
        HandleCancelKey = true,
        Prompt = Console.IsInputRedirected ? null : ReadHidden,
        PipedInput = Console.IsInputRedirected ? Console.In : null,
    };

    private static string? ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                    text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}
