using Slipway.Delivery.Models;
using Slipway.Delivery.Probes;

namespace Slipway.Delivery.Tests.Probes;

public sealed class ProbeRecorderTests : IDisposable
{
    private static readonly ModelManifest Manifest = ModelMaterializer.MiniLmManifest with
    {
        Outputs = [new TensorSpecification("embedding", "FP32", [-1, EmbeddingStandIn.Dimension])],
    };

    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("slipway-recorder-").FullName, ProbeReferencesFile.FileName);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Fact]
    public async Task WritesTheOutputsOfEveryProbeWithTheModelDigest()
    {
        // Arrange
        await using var service = EmbeddingStandIn.Start();

        // Act
        var recording = await ProbeRecorder.RecordAsync(service.Address, Manifest, _path);

        // Assert
        recording.Written.ShouldBeTrue();
        var read = await ProbeReferencesFile.ReadAsync(_path);
        read.ModelDigest.ShouldBe(ModelDigest.Compute(Manifest));
        read.Model.ShouldBe("minilm");
        read.Tolerance.ShouldBe(ProbeTolerance.Default);
        read.Probes.Select(p => p.Id).ShouldBe(ProbeSet.DefaultTexts.Select(t => t.Id));
        read.Probes.Single(p => p.Id == "accents").Outputs.Single().Data.ShouldBe(EmbeddingStandIn.Embed("café naïve résumé"));
    }

    [Fact]
    public async Task RecordingTheSameOutputsAgainLeavesTheFileByteIdentical()
    {
        // Arrange
        await using var service = EmbeddingStandIn.Start();
        await ProbeRecorder.RecordAsync(service.Address, Manifest, _path);
        var first = await File.ReadAllBytesAsync(_path);

        // Act
        var again = await ProbeRecorder.RecordAsync(service.Address, Manifest, _path);

        // Assert
        again.Written.ShouldBeFalse();
        (await File.ReadAllBytesAsync(_path)).ShouldBe(first);
    }

    [Fact]
    public async Task RecordingOtherOutputsRewritesTheFileAndKeepsItsTolerance()
    {
        // Arrange
        await using (var before = EmbeddingStandIn.Start())
            await ProbeRecorder.RecordAsync(before.Address, Manifest, _path);
        var tuned = await ProbeReferencesFile.ReadAsync(_path) with { Tolerance = new ProbeTolerance { Absolute = 1e-3, MinCosine = 0.999 } };
        await ProbeReferencesFile.WriteAsync(_path, tuned);
        await using var after = EmbeddingStandIn.Start(change: (_, vector) => [.. vector.Select(v => v * 2)]);

        // Act
        var recording = await ProbeRecorder.RecordAsync(after.Address, Manifest, _path);

        // Assert
        recording.Written.ShouldBeTrue();
        var read = await ProbeReferencesFile.ReadAsync(_path);
        read.Tolerance.ShouldBe(tuned.Tolerance);
        read.Probes[0].Outputs[0].Data.ShouldBe(EmbeddingStandIn.Embed("ok").Select(v => v * 2).ToArray());
    }

    [Fact]
    public async Task AServiceThatFailsAProbeStopsTheRecordingNamingTheProbeAndStatus()
    {
        // Arrange
        await using var service = EmbeddingStandIn.Start(intercept: r => r.Method == "POST" ? (404, "{\"error\":\"unknown model 'minilm'\"}") : null);

        // Act
        var exception = await Should.ThrowAsync<ProbeRecordingException>(() => ProbeRecorder.RecordAsync(service.Address, Manifest, _path));

        // Assert
        exception.Message.ShouldContain("Could not record the golden probes of model 'minilm' version '1'");
        exception.Message.ShouldContain("probe 'short' (text \"ok\")");
        exception.Message.ShouldContain("answered HTTP 404");
        File.Exists(_path).ShouldBeFalse();
    }
}
