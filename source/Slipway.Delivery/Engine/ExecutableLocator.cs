namespace Slipway.Delivery.Engine;

/// <summary>Finds programs on PATH, also in the sbin directories a non-login root shell may lack.</summary>
internal static class ExecutableLocator
{
    /// <summary>The full path of <paramref name="program"/>, or null when it is not installed.</summary>
    internal static string? Find(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var directories = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        return directories.Select(directory => Path.Combine(directory, program)).FirstOrDefault(File.Exists);
    }
}
