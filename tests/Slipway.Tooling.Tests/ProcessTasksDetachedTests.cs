namespace Slipway.Tooling.Tests;

public sealed class ProcessTasksDetachedTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("slipway-detached-").FullName;

    [Fact]
    public async Task ADetachedProgramRunsInItsOwnSessionWithItsOutputInTheLogFile()
    {
        // Arrange
        var logPath = Path.Combine(_folder, "program.log");

        // Act
        var processId = await ProcessTasks.StartDetachedAsync("sh", ["-c", "echo \"session $(cut -d' ' -f6 /proc/$$/stat) pid $$\""], logPath);

        // Assert
        processId.ShouldBeGreaterThan(0);
        var line = await WaitForLogAsync(logPath);
        line.ShouldBe($"session {processId} pid {processId}");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<string> WaitForLogAsync(string logPath)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            if (File.Exists(logPath) && File.ReadAllText(logPath) is { Length: > 0 } text && text.EndsWith('\n'))
                return text.Trim();
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Nothing was written to {logPath} within a minute.");
            await Task.Delay(20);
        }
    }
}
