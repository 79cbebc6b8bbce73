using Serilog;
using Slipway.Tooling;

namespace Slipway.Build.Tools;

/// <summary>Makes sure commands from Debian packages are on the machine, installing the missing ones with apt when run as root.</summary>
public static class SystemPackages
{
    /// <param name="required">Command → the Debian package that provides it.</param>
    public static async Task EnsureAsync(IReadOnlyDictionary<string, string> required, CancellationToken cancellationToken = default)
    {
        var missing = required.Where(r => ExecutableLocator.Find(r.Key) is null).Select(r => r.Value).Distinct().ToList();
        if (missing.Count == 0)
        {
            Log.Information("Found {Commands}", string.Join(", ", required.Keys));
            return;
        }

        var canInstall = OperatingSystem.IsLinux() && ExecutableLocator.Find("apt-get") is not null && Environment.UserName == "root";
        if (!canInstall)
        {
            throw new InvalidOperationException(
                $"Missing Debian packages: {string.Join(", ", missing)}. Install them (e.g. 'sudo apt-get install -y {string.Join(' ', missing)}') and run again; " +
                "the build installs them itself only when it runs as root on a machine with apt.");
        }

        Log.Information("Installing {Packages} with apt", string.Join(", ", missing));
        var environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        await ProcessTasks.RunAsync("apt-get", ["update", "-qq"], environment: environment, logOutput: false, cancellationToken: cancellationToken);
        await ProcessTasks.RunAsync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", .. missing], environment: environment, logOutput: false, cancellationToken: cancellationToken);
        var stillMissing = required.Where(r => ExecutableLocator.Find(r.Key) is null).Select(r => r.Key).ToList();
        if (stillMissing.Count > 0)
            throw new InvalidOperationException($"apt-get installed {string.Join(", ", missing)} but {string.Join(", ", stillMissing)} is still not on PATH.");
    }
}
