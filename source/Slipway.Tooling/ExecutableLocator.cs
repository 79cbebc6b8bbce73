namespace Slipway.Tooling;

/// <summary>Finds programs on PATH, also in the sbin and bin directories a non-login root shell may lack.</summary>
public static class ExecutableLocator
{
    private static readonly string[] StandardDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The full path of <paramref name="program"/>, or null when it is not installed.</summary>
    /// <example><code>var dockerd = ExecutableLocator.Find("dockerd") ?? throw new InvalidOperationException("Install docker.io.");</code></example>
    public static string? Find(string program)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(program);
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(StandardDirectories)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string file)
    {
        if (!File.Exists(file))
            return false;
        if (OperatingSystem.IsWindows())
            return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(file) & anyExecute) != 0;
    }
}
