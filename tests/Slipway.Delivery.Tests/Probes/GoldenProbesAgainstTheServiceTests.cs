using Slipway.Delivery.Deployment;
using Slipway.Delivery.Models;
using Slipway.Delivery.Probes;
using Slipway.Delivery.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Slipway.Delivery.Tests.Probes;

/// <summary>The golden probes against the real service serving the real all-MiniLM-L6-v2.</summary>
[Trait("Category", Deployment.DeployFixture.ServiceCategory)]
public sealed class GoldenProbesAgainstTheServiceTests(ServingProcessFixture service, ITestOutputHelper log) : IClassFixture<ServingProcessFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-golden-real-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RecordedReferencesPassAgainAndAnotherNormalisationIsRejected()
    {
        // Arrange
        var path = Path.Combine(_directory, ProbeReferencesFile.FileName);
        var model = new ModelVersion(service.Manifest.Name, service.Manifest.Version, ModelDigest.Compute(service.Manifest));
        var recording = await ProbeRecorder.RecordAsync(service.Address, service.Manifest, path);
        var recorded = await File.ReadAllBytesAsync(path);
        // embeddings 1 % longer: what a change to the L2 normalisation would give
        var scaled = recording.References with
        {
            Probes = [.. recording.References.Probes.Select(p => p with { Outputs = [.. p.Outputs.Select(o => o with { Data = [.. o.Data.Select(v => v * 1.01)] })] })],
        };

        // Act
        var again = await ProbeRecorder.RecordAsync(service.Address, service.Manifest, path);
        var passed = await new GoldenProbes().CheckAsync(service.Address, model, recording.References, baseline: null);
        var rejected = await new GoldenProbes().CheckAsync(service.Address, model, scaled, baseline: null);

        // Assert
        log.WriteLine(passed.Message);
        log.WriteLine(rejected.Message);
        again.Written.ShouldBeFalse("the service gave other outputs for the same probes");
        (await File.ReadAllBytesAsync(path)).ShouldBe(recorded);
        recording.References.Probes.Count.ShouldBe(ProbeSet.DefaultTexts.Count);
        recording.References.Probes.ShouldAllBe(p => p.Outputs.Single().Shape.SequenceEqual(new long[] { 1, 384 }));
        recording.References.Probes.ShouldAllBe(p => Math.Abs(Math.Sqrt(p.Outputs.Single().Data.Sum(v => v * v)) - 1) < 1e-3);
        passed.Verdict.ShouldBe(ProbeVerdict.Passed, passed.Message);
        rejected.Verdict.ShouldBe(ProbeVerdict.Rejected);
        rejected.Comparisons.ShouldAllBe(c => !c.Passed);
        rejected.Message.ShouldContain("model 'minilm' version '1'");
        rejected.Message.ShouldContain("./build.sh RecordProbes");
    }

    [Fact]
    public async Task TheCommittedReferencesMatchTheRealService()
    {
        // Arrange
        var directory = Path.Combine(RepositoryLayout.Root, "models", ModelMaterializer.MiniLmName, ModelMaterializer.MiniLmVersion);
        var committed = await ModelManifestFile.ReadAsync(Path.Combine(directory, ModelManifestFile.FileName));
        var references = await ProbeReferencesFile.ReadAsync(Path.Combine(directory, ProbeReferencesFile.FileName));
        var model = new ModelVersion(committed.Name, committed.Version, ModelDigest.Compute(committed));

        // Act
        var result = await new GoldenProbes().CheckAsync(service.Address, model, references, baseline: null);

        // Assert
        log.WriteLine(result.Message);
        references.ModelDigest.ShouldBe(ModelDigest.Compute(service.Manifest));
        result.Verdict.ShouldBe(ProbeVerdict.Passed, result.Message);
    }
}
