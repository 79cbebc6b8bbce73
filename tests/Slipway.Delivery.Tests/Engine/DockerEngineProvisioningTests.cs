using System.Diagnostics;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Tests.Infrastructure;
using Slipway.Tooling;

namespace Slipway.Delivery.Tests.Engine;

/// <summary>
/// Provisions a second dockerd on its own socket, data-root, exec-root and pidfile; the engine other tests use
/// is never touched. Needs root and an installed (or installable) docker.io, as the DockerEngine target does.
/// </summary>
public sealed class DockerEngineProvisioningTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("slipway-dockerd-").FullName;

    [Fact]
    public async Task StartsADetachedDockerdWhenNoEngineAnswersAndSaysSoInTheLog()
    {
        // Arrange
        var socket = Path.Combine(root, "docker.sock");
        var options = new DockerEngineOptions
        {
            Host = $"unix://{socket}",
            LogDirectory = root,
            ExtraDaemonArguments =
            [
                "--data-root", Path.Combine(root, "data"),
                "--exec-root", Path.Combine(root, "exec"),
                "--pidfile", Path.Combine(root, "docker.pid"),
            ],
        };
        var log = new TestLog();

        // Act
        using var connection = await DockerEngine.EnsureAsync(options, log.Logger);

        // Assert
        connection.Provisioning.ShouldNotBe(DockerEngineProvisioning.AlreadyRunning);
        (await connection.Client.System.GetVersionAsync()).APIVersion.ShouldNotBeNullOrWhiteSpace();
        log.Text.ShouldContain("No Docker engine answered");
        log.Text.ShouldContain("provisioned");
        File.ReadAllText(Path.Combine(root, "dockerd.log")).ShouldContain("API listen on " + socket);
    }

    public void Dispose()
    {
        var pidFile = Path.Combine(root, "docker.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            using var daemon = Process.GetProcessById(pid);
            ProcessSignals.Terminate(pid);
            if (!daemon.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                daemon.Kill(entireProcessTree: true);
            }
        }

        // The data root holds read-only overlay leftovers at worst; a failed clean-up must not fail the test.
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
