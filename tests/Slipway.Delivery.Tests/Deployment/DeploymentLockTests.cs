using System.Diagnostics;
using System.Text.Json;
using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Tests.Deployment;

public sealed class DeploymentLockTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "slipway-lock-tests", Guid.NewGuid().ToString("N"));

    private string LockPath => Path.Combine(_directory, "local.lock");

    [Fact]
    public async Task ASecondDeployToTheSameEnvironmentFailsAtOnceNamingTheHolder()
    {
        // Arrange
        await using var first = DeploymentLock.Acquire(LockPath, "local", "deploy");

        // Act
        var failure = Should.Throw<DeploymentLockedException>(() => DeploymentLock.Acquire(LockPath, "local", "deploy"));

        // Assert
        failure.Holder.Pid.ShouldBe(Environment.ProcessId);
        failure.Message.ShouldContain($"pid {Environment.ProcessId} on host '{Environment.MachineName}'");
        failure.Message.ShouldContain($"user '{Environment.UserName}'");
        failure.Message.ShouldContain("started at");
    }

    [Fact]
    public async Task ReleasingTheLockLetsTheNextDeployTakeIt()
    {
        // Arrange
        var first = DeploymentLock.Acquire(LockPath, "local");
        await first.DisposeAsync();

        // Act
        await using var second = DeploymentLock.Acquire(LockPath, "local");

        // Assert
        File.Exists(LockPath).ShouldBeTrue();
        second.Holder.Pid.ShouldBe(Environment.ProcessId);
    }

    [Fact]
    public async Task AStaleLockWhoseProcessIsGoneIsTakenOver()
    {
        // Arrange
        Directory.CreateDirectory(_directory);
        var gone = await ExitedProcessIdAsync();
        var stale = new LockHolder(gone, Environment.MachineName, "ann", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(-6), "deploy");
        await File.WriteAllTextAsync(LockPath, JsonSerializer.Serialize(stale, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        // Act
        await using var taken = DeploymentLock.Acquire(LockPath, "local");

        // Assert
        taken.Holder.Pid.ShouldBe(Environment.ProcessId);
        File.ReadAllText(LockPath).ShouldContain($"\"pid\":{Environment.ProcessId}");
    }

    [Fact]
    public async Task ALockHeldFromAnotherHostIsNeverTakenOver()
    {
        // Arrange
        Directory.CreateDirectory(_directory);
        var remote = new LockHolder(1, "build-agent-7", "ci", DateTimeOffset.UtcNow, null, "deploy");
        await File.WriteAllTextAsync(LockPath, JsonSerializer.Serialize(remote, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        // Act
        var failure = Should.Throw<DeploymentLockedException>(() => DeploymentLock.Acquire(LockPath, "local"));

        // Assert
        failure.Message.ShouldContain("host 'build-agent-7'");
        failure.Message.ShouldContain($"remove '{LockPath}'");
    }

    [Fact]
    public async Task ConcurrentAcquirersGetTheLockExactlyOnce()
    {
        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            try
            {
                return (object)DeploymentLock.Acquire(LockPath, "local");
            }
            catch (DeploymentLockedException exception)
            {
                return exception;
            }
        })));

        // Assert
        results.OfType<DeploymentLock>().Count().ShouldBe(1);
        results.OfType<DeploymentLockedException>().Count().ShouldBe(15);
        foreach (var held in results.OfType<DeploymentLock>())
        {
            await held.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<int> ExitedProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}
