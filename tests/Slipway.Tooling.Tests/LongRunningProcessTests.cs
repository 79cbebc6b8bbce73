namespace Slipway.Tooling.Tests;

public sealed class LongRunningProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ATerminatedProcessExitsWithItsOwnCodeAndKeepsItsOutput()
    {
        // Arrange
        await using var process = LongRunningProcess.Start("sh", ["-c", "trap 'echo stopping; exit 7' TERM; echo started; while :; do sleep 0.1; done"]);
        await WaitForLineAsync(process, "started");

        // Act
        process.Terminate();
        var exitCode = await process.WaitForExitAsync().WaitAsync(Patience);

        // Assert
        exitCode.ShouldBe(7);
        process.HasExited.ShouldBeTrue();
        process.ExitCode.ShouldBe(7);
        process.Output.ShouldBe(["started", "stopping"]);
    }

    [Fact]
    public async Task DisposingKillsAProcessThatIsStillRunning()
    {
        // Arrange
        var process = LongRunningProcess.Start("sleep", ["600"]);

        // Act
        await process.DisposeAsync().AsTask().WaitAsync(Patience);

        // Assert
        process.HasExited.ShouldBeTrue();
        process.ExitCode.ShouldBe(137);
    }

    [Fact]
    public async Task TheExitCodeOfARunningProcessIsAClearError()
    {
        // Arrange
        await using var process = LongRunningProcess.Start("sleep", ["600"]);

        // Act
        var error = Should.Throw<InvalidOperationException>(() => process.ExitCode);

        // Assert
        error.Message.ShouldContain("'sleep 600'");
        error.Message.ShouldContain("still running");
    }

    [Fact]
    public void AMissingExecutableIsAClearError()
    {
        // Act
        var error = Should.Throw<ProcessFailedException>(() => LongRunningProcess.Start("slipway-no-such-service", []));

        // Assert
        error.Message.ShouldContain("Could not start 'slipway-no-such-service'");
    }

    private static async Task WaitForLineAsync(LongRunningProcess process, string line)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!process.Output.Contains(line))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{process.Command}' did not write '{line}' (exited: {process.HasExited}). Its output: {string.Join(" / ", process.Output)}");
            await Task.Delay(20);
        }
    }
}
