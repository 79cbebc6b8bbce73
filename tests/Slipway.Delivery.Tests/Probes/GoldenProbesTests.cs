using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Models;
using Slipway.Delivery.Probes;

namespace Slipway.Delivery.Tests.Probes;

public sealed class GoldenProbesTests : IDisposable
{
    private static readonly ModelManifest Manifest = ModelMaterializer.MiniLmManifest with
    {
        Outputs = [new TensorSpecification("embedding", "FP32", [-1, EmbeddingStandIn.Dimension])],
    };

    private static readonly ModelVersion Model = new(Manifest.Name, Manifest.Version, ModelDigest.Compute(Manifest));

    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-golden-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SameDigestAndSameOutputsPass()
    {
        // Arrange
        await using var candidate = EmbeddingStandIn.Start();
        var references = await RecordAsync();

        // Act
        var result = await new GoldenProbes().CheckAsync(candidate.Address, Model, references, baseline: null);

        // Assert
        result.Verdict.ShouldBe(ProbeVerdict.Passed, result.Message);
        result.Comparisons.Count.ShouldBe(ProbeSet.DefaultTexts.Count);
        result.Comparisons.ShouldAllBe(c => c.Passed && c.MaxAbsDiff == 0);
        result.MinCosine!.Value.ShouldBe(1, 1e-12);
        result.NewReferences.ShouldBeNull();
        result.Message.ShouldContain($"All {ProbeSet.DefaultTexts.Count} golden probes of model 'minilm' version '1'");
    }

    [Fact]
    public async Task SameDigestWithOneElementChangedBeyondTheToleranceIsRejectedNamingTheProbe()
    {
        // Arrange: the candidate's embedding of one text moves by 1e-3 in one element
        var references = await RecordAsync();
        await using var candidate = EmbeddingStandIn.Start(change: (text, vector) =>
        {
            if (text == "模型推理服务")
                vector[2] += 1e-3;
            return vector;
        });

        // Act
        var result = await new GoldenProbes().CheckAsync(candidate.Address, Model, references, baseline: null);

        // Assert
        result.Verdict.ShouldBe(ProbeVerdict.Rejected);
        var failed = result.Comparisons.Where(c => !c.Passed).ShouldHaveSingleItem();
        failed.Id.ShouldBe("chinese");
        failed.WorstIndex.ShouldBe(2);
        failed.MaxAbsDiff!.Value.ShouldBe(1e-3, 1e-9);
        var expected = EmbeddingStandIn.Embed("模型推理服务")[2];
        result.Message.ShouldContain("model 'minilm' version '1'");
        result.Message.ShouldContain("1 of 7 probes differ");
        result.Message.ShouldContain("Probe 'chinese' (text \"模型推理服务\")");
        result.Message.ShouldContain($"output 'embedding' element 2 is {ProbeComparer.Number(expected + 1e-3)}, expected {ProbeComparer.Number(expected)}");
        result.Message.ShouldContain("cosine similarity 0.99");
        result.Message.ShouldContain("./build.sh RecordProbes");
        result.Message.ShouldContain("models/minilm/1/probes.json");
    }

    [Fact]
    public async Task ANewDigestIsANewModelWithItsOutputsAsReferencesAndItsSimilarityToTheBaseline()
    {
        // Arrange: version 2 has other files and turns every embedding a little
        var references = await RecordAsync();
        await using var baseline = EmbeddingStandIn.Start();
        await using var candidate = EmbeddingStandIn.Start(change: (_, vector) => [vector[0] + 0.05, .. vector[1..]]);
        var manifest = Manifest with { Version = "2", Files = [Manifest.Files[0] with { Sha256 = new string('1', 64) }, Manifest.Files[1]] };
        var model = new ModelVersion("minilm", "2", ModelDigest.Compute(manifest));

        // Act
        var result = await new GoldenProbes().CheckAsync(candidate.Address, model, references, baseline.Address, ProbeSet.For(manifest));

        // Assert
        result.Verdict.ShouldBe(ProbeVerdict.NewModel, result.Message);
        result.ReferenceDigest.ShouldBe(Model.Sha256);
        result.NewReferences.ShouldNotBeNull();
        result.NewReferences.ModelDigest.ShouldBe(model.Sha256);
        result.NewReferences.Version.ShouldBe("2");
        var chinese = result.NewReferences.Probes.Single(p => p.Id == "chinese").Outputs.Single();
        chinese.Data[0].ShouldBe(EmbeddingStandIn.Embed("模型推理服务")[0] + 0.05, 1e-9);
        result.Baseline.ShouldNotBeNull();
        result.Baseline.Probes.Count.ShouldBe(7);
        result.Baseline.MinCosine!.Value.ShouldBeLessThan(0.9999);
        result.Baseline.MinCosine!.Value.ShouldBeGreaterThan(0.99);
        result.Baseline.MeanCosine!.Value.ShouldBeGreaterThanOrEqualTo(result.Baseline.MinCosine.Value);
        result.ToSummary().ShouldBe(new ProbeSummary(ProbeVerdict.NewModel, result.Message, result.Baseline.MinCosine, 7));
        result.Message.ShouldContain("is a new model for the golden probes");
        result.Message.ShouldContain("Cosine similarity to the baseline");
    }

    [Fact]
    public async Task WithoutReferencesTheProbesComeFromTheCandidatesMetadata()
    {
        // Arrange
        await using var candidate = EmbeddingStandIn.Start();

        // Act
        var result = await new GoldenProbes().CheckAsync(candidate.Address, Model, references: null, baseline: null);

        // Assert
        result.Verdict.ShouldBe(ProbeVerdict.NewModel);
        result.NewReferences!.Probes.Select(p => p.Id).ShouldBe(ProbeSet.DefaultTexts.Select(t => t.Id));
        result.Baseline.ShouldBeNull();
        result.Message.ShouldContain("there are no references for it");
        result.Message.ShouldContain("No baseline was given");
    }

    [Fact]
    public async Task NonAsciiTextReachesTheServiceAsTheExactUtf8Text()
    {
        // Arrange
        await using var candidate = EmbeddingStandIn.Start();

        // Act
        await new GoldenProbes().CheckAsync(candidate.Address, Model, references: null, baseline: null);

        // Assert
        var infers = candidate.Requests.Where(r => r.Method == "POST").ToArray();
        infers.Select(r => JsonNode.Parse(r.Body)!["inputs"]![0]!["data"]![0]!.GetValue<string>()).ShouldBe(ProbeSet.DefaultTexts.Select(t => t.Text));
        infers.ShouldAllBe(r => r.Headers["Content-Type"].Contains("charset=utf-8"));
        // the bytes on the wire are UTF-8 as they are, not only \u escapes
        infers.ShouldContain(r => r.Body.Contains("\"Übermäßige Latenz beim Modell\""));
        infers.ShouldContain(r => r.Body.Contains("\"模型推理服务\""));
        infers.ShouldContain(r => r.Body.Contains("\"café naïve résumé\""));
    }

    [Fact]
    public async Task ProbesGoStraightToTheCandidatesVersionAndTheBaselinesDefault()
    {
        // Arrange
        await using var baseline = EmbeddingStandIn.Start();
        await using var candidate = EmbeddingStandIn.Start();

        // Act
        await new GoldenProbes().CheckAsync(candidate.Address, Model, references: null, baseline.Address);

        // Assert
        candidate.Requests.Where(r => r.Method == "POST").ShouldAllBe(r => r.Path == "/v2/models/minilm/versions/1/infer");
        baseline.Requests.Where(r => r.Method == "POST").ShouldAllBe(r => r.Path == "/v2/models/minilm/infer");
        baseline.Requests.Count(r => r.Method == "POST").ShouldBe(ProbeSet.DefaultTexts.Count);
    }

    [Fact]
    public async Task ACandidateThatAnswersAnErrorIsRejectedWithTheStatusAndBody()
    {
        // Arrange
        var references = await RecordAsync();
        await using var candidate = EmbeddingStandIn.Start(intercept: r => r.Method == "POST" ? (503, "{\"error\":\"model 'minilm' version '1' is loading\"}") : null);

        // Act
        var result = await new GoldenProbes().CheckAsync(candidate.Address, Model, references, baseline: null);

        // Assert
        result.Verdict.ShouldBe(ProbeVerdict.Rejected);
        result.Message.ShouldContain("Golden probe 'short' (text \"ok\") of model 'minilm' version '1' could not be sent to the candidate");
        result.Message.ShouldContain("answered HTTP 503: {\"error\":\"model 'minilm' version '1' is loading\"}");
        result.ProbeCount.ShouldBe(7);
    }

    [Fact]
    public async Task ANewModelWhoseCandidateFailsIsRejectedToo()
    {
        // Arrange
        await using var candidate = EmbeddingStandIn.Start(intercept: r => r.Method == "POST" ? (400, "{\"error\":\"input 'text' element 0 is empty\"}") : null);

        // Act
        var result = await new GoldenProbes().CheckAsync(candidate.Address, Model, references: null, baseline: null);

        // Assert
        result.Verdict.ShouldBe(ProbeVerdict.Rejected);
        result.NewReferences.ShouldBeNull();
        result.Message.ShouldContain("answered HTTP 400");
    }

    [Fact]
    public async Task ACandidateThatDoesNotAnswerInTimeIsRejectedNamingTheTimeout()
    {
        // Arrange
        using var release = new ManualResetEventSlim();
        var references = await RecordAsync();
        await using var candidate = EmbeddingStandIn.Start(intercept: r =>
        {
            if (r.Method == "POST")
                release.Wait(TimeSpan.FromSeconds(30));
            return null;
        });

        // Act
        var result = await new GoldenProbes().WithRequestTimeout(TimeSpan.FromMilliseconds(300)).CheckAsync(candidate.Address, Model, references, baseline: null);
        release.Set();

        // Assert
        result.Verdict.ShouldBe(ProbeVerdict.Rejected);
        result.Message.ShouldContain("gave no answer within 0.3 s");
    }

    [Fact]
    public async Task TheResultSerialisesAsCamelCaseJsonAndReadsBack()
    {
        // Arrange
        await using var candidate = EmbeddingStandIn.Start();
        var result = await new GoldenProbes().CheckAsync(candidate.Address, Model, references: null, baseline: null);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        // Act
        var json = JsonSerializer.Serialize(result, options);
        var read = JsonSerializer.Deserialize<ProbeResult>(json, options)!;

        // Assert
        json.ShouldContain("\"verdict\":\"new-model\"");
        json.ShouldContain("\"newReferences\":{\"model\":\"minilm\"");
        json.ShouldContain("\"probeCount\":7");
        read.Verdict.ShouldBe(ProbeVerdict.NewModel);
        ProbeReferencesFile.Serialize(read.NewReferences!).ShouldBe(ProbeReferencesFile.Serialize(result.NewReferences!));
        JsonSerializer.Serialize(result.ToSummary(), options).ShouldStartWith("{\"verdict\":\"new-model\",\"message\":");
    }

    [Fact]
    public async Task ReferencesOfAnotherModelOrAModelWithoutDigestAreAUsageError()
    {
        // Arrange
        var references = await RecordAsync() with { Model = "other" };
        var uri = new Uri("http://127.0.0.1:9/");

        // Act
        var other = await Should.ThrowAsync<ArgumentException>(() => new GoldenProbes().CheckAsync(uri, Model, references, null));
        var undigested = await Should.ThrowAsync<ArgumentException>(() => new GoldenProbes().CheckAsync(uri, Model with { Sha256 = null }, null, null));

        // Assert
        other.Message.ShouldContain("for model 'other', not 'minilm'");
        undigested.Message.ShouldContain("ModelDigest.Compute(manifest)");
    }

    private async Task<ProbeReferences> RecordAsync()
    {
        await using var service = EmbeddingStandIn.Start();
        return (await ProbeRecorder.RecordAsync(service.Address, Manifest, Path.Combine(_directory, ProbeReferencesFile.FileName))).References;
    }
}
