namespace Slipway.Build.CommandLine;

/// <summary>The options the engine itself understands, with their help text.</summary>
public static class EngineOptions
{
    public static readonly IReadOnlyList<(string Name, string Help)> All =
    [
        ("--target <names>", "Targets to run (same as naming them first)."),
        ("--skip [names]", "Skip the named targets; with no names, skip every target that was not invoked."),
        ("--plan", "Print the ordered plan with why each target is in it; write .nuke/temp/plan.mmd (Mermaid)."),
        ("--force [names]", "Ignore the up-to-date cache for all or the named targets."),
        ("--parallel [n]", "Run independent targets concurrently (default n: number of cores)."),
        ("--continue", "Rerun the last failed invocation, skipping targets that already succeeded."),
        ("--profile <names>", "Also read .nuke/parameters.<name>.json (later names win)."),
        ("--root <path>", "The repository root (default: the nearest folder with .nuke/)."),
        ("--verbosity <level>", "quiet | minimal | normal | verbose."),
        ("--no-logo", "Do not print the logo."),
        ("--generate-ci", "Write the GitHub Actions workflows declared on the build class, then exit."),
        ("--check", "With --generate-ci: write nothing; exit 1 naming the workflow files that are stale."),
        ("--secrets <names>", "Ask for the values of the named secret parameters and store them encrypted in .nuke/parameters.json (password: SLIPWAY_SECRETS_PASSWORD or asked), then exit."),
        ("--help", "Show this help."),
    ];

    public static readonly IReadOnlySet<string> Keys = new HashSet<string>
    {
        "target", "skip", "plan", "force", "parallel", "continue", "profile", "root", "verbosity", "nologo", "generateci", "check", "secrets", "help",
    };
}
