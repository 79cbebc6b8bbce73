using System.Formats.Tar;
using System.Security.Cryptography;
using Slipway.Delivery.Images;

namespace Slipway.Delivery.Tests.Images;

[Collection(AllocationMeasuringCollection.Name)]
public sealed class LayerWriterTests : IDisposable
{
    private static readonly DateTimeOffset CommitTime = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly string directory = Directory.CreateTempSubdirectory("slipway-layer-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task TheSameFilesGiveAByteIdenticalLayerWhateverTheirTimestamps()
    {
        // Arrange
        var models = CreateTree("models-a", ("minilm/1/model.onnx", "weights"), ("minilm/1/model.json", "{}"));
        var first = await HashAsync(models);
        foreach (var file in Directory.EnumerateFiles(models, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-3));
        }

        // Act
        var second = await HashAsync(models);

        // Assert
        second.ShouldBe(first);
    }

    [Fact]
    public async Task EntriesAreSortedOwnedByRootStampedWithTheCommitTimeAndKeepTheExecutableBit()
    {
        // Arrange
        var app = CreateTree("app", ("b.dll", "b"), ("Slipway.Serving", "elf"), ("a/c.json", "{}"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(app, "Slipway.Serving"), (UnixFileMode)0b111_100_000);
            File.SetUnixFileMode(Path.Combine(app, "b.dll"), (UnixFileMode)0b110_000_000);
        }

        using var buffer = new MemoryStream();

        // Act
        await LayerWriter.WriteAsync(buffer, LayerEntry.FromDirectory("srv/app", app), CommitTime, CancellationToken.None);
        buffer.Position = 0;
        var entries = new List<TarEntry>();
        using (var reader = new TarReader(buffer))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                entries.Add(entry);
            }
        }

        // Assert
        entries.Select(entry => entry.Name).ShouldBe(["srv/", "srv/app/", "srv/app/Slipway.Serving", "srv/app/a/", "srv/app/a/c.json", "srv/app/b.dll"]);
        entries.ShouldAllBe(entry => entry.Uid == 0 && entry.Gid == 0 && entry.ModificationTime == CommitTime);
        entries.Single(entry => entry.Name == "srv/app/Slipway.Serving").Mode.ShouldBe((UnixFileMode)0b111_101_101);
        entries.Single(entry => entry.Name == "srv/app/b.dll").Mode.ShouldBe((UnixFileMode)0b110_100_100);
        entries.Single(entry => entry.Name == "srv/").Mode.ShouldBe((UnixFileMode)0b111_101_101);
    }

    [Fact]
    public async Task TheWrittenFilesDigestIsTheDigestOfItsBytes()
    {
        // Arrange
        var models = CreateTree("models-b", ("minilm/1/model.json", "{}"));
        var path = Path.Combine(directory, "layer.tar");

        // Act
        var layer = await LayerWriter.WriteFileAsync(path, LayerEntry.FromDirectory("models", models), CommitTime, "COPY models in /models", CancellationToken.None);

        // Assert
        layer.DiffId.ShouldBe("sha256:" + Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));
        layer.Size.ShouldBe(new FileInfo(path).Length);
        layer.DiffId.ShouldBe("sha256:" + await HashAsync(models));
    }

    [Fact]
    public async Task AModelLargerThanEightGigabytesIsStreamedWithoutBeingHeldInMemory()
    {
        // Arrange: a sparse 9 GB file (no disk used), past the 8 GB limit of a plain ustar size field.
        var models = CreateTree("big", ("huge/1/model.json", "{}"));
        const long size = 9L * 1024 * 1024 * 1024;
        await using (var weights = File.Create(Path.Combine(models, "huge", "1", "model.onnx")))
        {
            weights.SetLength(size);
        }

        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 1 << 16));
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // Act
        var writer = Task.Run(async () =>
        {
            await using var stream = pipe.Writer.AsStream();
            await LayerWriter.WriteAsync(stream, LayerEntry.FromDirectory("models", models), CommitTime, CancellationToken.None);
        });
        var lengths = new Dictionary<string, long>();
        await using (var stream = pipe.Reader.AsStream())
        {
            using var reader = new TarReader(stream);
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                lengths[entry.Name] = entry.Length;
            }
        }

        await writer;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // Assert
        lengths["models/huge/1/model.onnx"].ShouldBe(size);
        allocated.ShouldBeLessThan(64L * 1024 * 1024);
    }

    private string CreateTree(string name, params (string Path, string Content)[] files)
    {
        var root = Path.Combine(directory, name);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return root;
    }

    private static async Task<string> HashAsync(string models)
    {
        using var buffer = new MemoryStream();
        await LayerWriter.WriteAsync(buffer, LayerEntry.FromDirectory("models", models), CommitTime, CancellationToken.None);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }
}
