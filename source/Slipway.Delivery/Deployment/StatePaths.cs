namespace Slipway.Delivery.Deployment;

/// <summary>
/// Where deploy state lives on this machine: <c>$XDG_STATE_HOME/slipway/&lt;app&gt;/</c>, else
/// <c>~/.local/state/slipway/&lt;app&gt;/</c>. Deploy state belongs to the machine running the engine,
/// not to a clone of the repository, so it survives a fresh checkout and is shared by every clone.
/// </summary>
public static class StatePaths
{
    public static string AppDirectory(string app, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var stateHome = environment("XDG_STATE_HOME");
        if (string.IsNullOrWhiteSpace(stateHome) || !Path.IsPathRooted(stateHome))
        {
            var home = environment("HOME");
            if (string.IsNullOrWhiteSpace(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            stateHome = Path.Combine(home, ".local", "state");
        }

        return Path.Combine(stateHome, "slipway", app);
    }

    public static string Ledger(string app, string environmentName, Func<string, string?>? environment = null) =>
        Path.Combine(AppDirectory(app, environment), environmentName + ".jsonl");
}
