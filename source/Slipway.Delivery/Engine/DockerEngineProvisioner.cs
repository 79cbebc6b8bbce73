using System.Diagnostics;
using System.Runtime.InteropServices;
using Serilog;
using Slipway.Tooling;

namespace Slipway.Delivery.Engine;

/// <summary>Installs docker.io with apt and starts a detached dockerd that outlives the build.</summary>
internal static class DockerEngineProvisioner
{
    internal static string LogPath(DockerEngineOptions options) => Path.GetFullPath(Path.Combine(options.LogDirectory, "dockerd.log"));

    /// <summary>Null when provisioning can run here; otherwise why not, as one sentence.</summary>
    internal static string? WhyNotPossible(DockerEngineOptions options, Uri host)
    {
        if (!options.AllowProvisioning)
        {
            return "Provisioning is disabled, so the build did not try to start one.";
        }

        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return $"The build only provisions an engine on Linux; this is {RuntimeInformation.OSDescription}.";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return $"The build only provisions an engine when it runs as root; it runs as '{Environment.UserName}'.";
        }

        if (host.Scheme != "unix")
        {
            return $"The address '{host}' is not a local unix socket, so the build cannot start an engine for it.";
        }

        if (ExecutableLocator.Find("dockerd") is null && ExecutableLocator.Find("apt-get") is null)
        {
            return "dockerd is not installed and apt-get is not available to install docker.io.";
        }

        return null;
    }

    internal static async Task<DockerEngineProvisioning> ProvisionAsync(DockerEngineOptions options, Uri host, ILogger log, CancellationToken cancellationToken)
    {
        var provisioning = DockerEngineProvisioning.Started;
        if (ExecutableLocator.Find("dockerd") is null)
        {
            log.Information("dockerd is not installed; installing docker.io with apt-get");
            var install = await RunAsync("apt-get", ["install", "-y", "--no-install-recommends", "docker.io"], cancellationToken).ConfigureAwait(false);
            if (install.ExitCode != 0)
            {
                log.Information("apt-get install failed ({ExitCode}); running apt-get update first", install.ExitCode);
                await RunCheckedAsync("apt-get", ["update"], cancellationToken).ConfigureAwait(false);
                await RunCheckedAsync("apt-get", ["install", "-y", "--no-install-recommends", "docker.io"], cancellationToken).ConfigureAwait(false);
            }

            provisioning = DockerEngineProvisioning.InstalledAndStarted;
        }

        var logPath = LogPath(options);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var dockerd = ExecutableLocator.Find("dockerd") ?? "dockerd";
        string[] daemonArguments =
        [
            "-H", $"unix://{host.LocalPath}",
            "--bridge=none", "--iptables=false", "--ip-masq=false",
            .. options.ExtraDaemonArguments,
        ];

        // setsid + background in a throw-away shell: dockerd gets its own session and outlives the build.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=\"$1\"; shift; setsid \"$@\" >>\"$log\" 2>&1 </dev/null &");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(logPath);
        start.ArgumentList.Add(dockerd);
        foreach (var argument in daemonArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOCKER_SERVICE_PREFER_OFFLINE_IMAGE"] = "1";
        log.Information("Starting {Dockerd} {Arguments} (log: {LogPath})", dockerd, string.Join(' ', daemonArguments), logPath);
        using var shell = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '/bin/sh' to launch '{dockerd}'.");
        await shell.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return provisioning;
    }

    private static async Task RunCheckedAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(program, arguments, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new DockerEngineUnavailableException(
                $"'{program} {string.Join(' ', arguments)}' failed with exit code {result.ExitCode}: {result.Error.Trim()}. "
                + "Check that the apt sources are reachable, or install docker.io by hand and run the build again.");
        }
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{program}'.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await output.ConfigureAwait(false);
        return (process.ExitCode, await error.ConfigureAwait(false));
    }
}
