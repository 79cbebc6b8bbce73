namespace Slipway.Build.Parameters;

/// <summary>
/// The password of the encrypted parameter values: <c>SLIPWAY_SECRETS_PASSWORD</c>, else asked once on the terminal
/// (not echoed) when there is one and the build is not on a CI server. Asked only when an encrypted value is needed.
/// </summary>
internal sealed class SecretsPassword(IReadOnlyDictionary<string, string> environment, Func<string, string?>? prompt)
{
    public const string Variable = "SLIPWAY_SECRETS_PASSWORD";
    private bool _asked;
    private string? _password;

    public bool CanPrompt => prompt is not null;

    /// <summary>The password, or null when there is none to be had (no variable, no terminal).</summary>
    public string? Get(bool confirm = false)
    {
        if (_asked)
            return _password;
        _asked = true;
        if (environment.TryGetValue(Variable, out var fromEnvironment) && fromEnvironment.Length > 0)
            return _password = fromEnvironment;
        if (prompt is null)
            return null;
        var entered = prompt("Secrets password: ");
        if (string.IsNullOrEmpty(entered))
            return null;
        if (confirm && prompt("Secrets password again: ") != entered)
            throw new Execution.BuildUsageException("The two passwords differ; nothing was stored. Run ./build.sh --secrets again.");
        return _password = entered;
    }

    /// <summary>Why there is no password, and how to give one.</summary>
    public static string Missing(bool isServer) => isServer
        ? $"{Variable} is not set, and a CI server has no terminal to ask on: add it as a masked CI secret in the job's environment."
        : $"{Variable} is not set and there is no terminal to ask on: set it, or run in a terminal to be asked.";
}
