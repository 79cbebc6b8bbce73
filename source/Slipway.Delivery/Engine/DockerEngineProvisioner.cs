using System.Runtime.InteropServices;
using Serilog;
using Slipway.Tooling;

namespace Slipway.Delivery.Engine;

/// <summary>Installs docker.io with apt and starts a detached dockerd that outlives the build.</summary>
internal static class DockerEngineProvisioner
{
    private static readonly string[] InstallDockerIo = ["install", "-y", "--no-install-recommends", "docker.io"];

    private static readonly Dictionary<string, string?> AptEnvironment = new() { ["DEBIAN_FRONTEND"] = "noninteractive" };

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
            var install = await ProcessTasks.TryRunAsync("apt-get", InstallDockerIo, environment: AptEnvironment, logOutput: false, log: log, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (!install.Succeeded)
            {
                log.Information("apt-get install failed ({ExitCode}); running apt-get update first", install.ExitCode);
                await RunAptGetAsync(["update"], log, cancellationToken).ConfigureAwait(false);
                await RunAptGetAsync(InstallDockerIo, log, cancellationToken).ConfigureAwait(false);
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

        log.Information("Starting {Dockerd} {Arguments} (log: {LogPath})", dockerd, string.Join(' ', daemonArguments), logPath);
        var processId = await ProcessTasks.StartDetachedAsync(
                dockerd, daemonArguments, logPath, new Dictionary<string, string?> { ["DOCKER_SERVICE_PREFER_OFFLINE_IMAGE"] = "1" }, log, cancellationToken)
            .ConfigureAwait(false);
        log.Information("dockerd runs detached as process {ProcessId}", processId);
        return provisioning;
    }

    private static async Task RunAptGetAsync(IReadOnlyList<string> arguments, ILogger log, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessTasks.RunAsync("apt-get", arguments, environment: AptEnvironment, logOutput: false, log: log, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessFailedException exception)
        {
            throw new DockerEngineUnavailableException(
                exception.Message + Environment.NewLine
                + "Check that the apt sources are reachable, or install docker.io by hand and run the build again.",
                exception);
        }
    }
}
