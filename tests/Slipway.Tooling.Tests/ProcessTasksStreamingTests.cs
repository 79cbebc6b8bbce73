namespace Slipway.Tooling.Tests;

// Alone in its collection: the allocation check must not count what other tests allocate meanwhile.
[Collection(nameof(AllocationSensitive))]
public sealed class ProcessTasksStreamingTests
{
    [Fact]
    public async Task TheReaderGetsEveryByteOfALargeOutputWithoutItBeingBuffered()
    {
        // Arrange
        const long size = 50_000_000;
        long received = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // Act
        await ProcessTasks.RunWithOutputStreamAsync("head", ["-c", size.ToString(System.Globalization.CultureInfo.InvariantCulture), "/dev/zero"], async (stream, token) =>
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, token)) > 0)
                received += read;
        });

        // Assert
        received.ShouldBe(size);
        (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore).ShouldBeLessThan(size / 5, "the output was buffered in memory");
    }

    [Fact]
    public async Task AReaderThatFailsStopsTheProcessAndItsErrorPropagates()
    {
        // Act
        var run = ProcessTasks.RunWithOutputStreamAsync("sh", ["-c", "printf x; exec sleep 600"], async (stream, token) =>
        {
            await stream.ReadExactlyAsync(new byte[1], token);
            throw new InvalidOperationException("the import was refused");
        });
        var error = await Should.ThrowAsync<InvalidOperationException>(() => run.WaitAsync(TimeSpan.FromMinutes(1)));

        // Assert
        error.Message.ShouldBe("the import was refused");
    }

    [Fact]
    public async Task AFailedProducerShowsItsExitCodeAndStandardError()
    {
        // Act
        var error = await Should.ThrowAsync<ProcessFailedException>(() =>
            ProcessTasks.RunWithOutputStreamAsync("sh", ["-c", "printf data; echo 'E: no such package' >&2; exit 4"], (stream, token) => stream.CopyToAsync(Stream.Null, token), logOutput: false));

        // Assert
        error.ExitCode.ShouldBe(4);
        error.Message.ShouldContain("E: no such package");
    }
}
