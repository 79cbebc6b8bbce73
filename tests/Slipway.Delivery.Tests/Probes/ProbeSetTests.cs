using System.Text.Json;
using Slipway.Delivery.Models;
using Slipway.Delivery.Probes;
using Slipway.Delivery.Smoke;

namespace Slipway.Delivery.Tests.Probes;

public sealed class ProbeSetTests
{
    [Fact]
    public void ATextEmbeddingModelWithoutProbesGetsTheDefaultSentencesOnItsTextInput()
    {
        // Act
        var set = ProbeSet.For(ModelMaterializer.MiniLmManifest);

        // Assert
        set.Source.ShouldBe(ProbeSet.TextEmbeddingDefault);
        set.Probes.Select(p => p.Id).ShouldBe(["short", "english", "german-umlauts", "chinese", "accents", "emoji", "long-truncated"]);
        var input = set.Probes.Single(p => p.Id == "chinese").Inputs.ShouldHaveSingleItem();
        input.Name.ShouldBe("text");
        input.Datatype.ShouldBe("BYTES");
        input.Shape.ShouldBe([1L]);
        input.Data.EnumerateArray().Single().GetString().ShouldBe("模型推理服务");
    }

    [Fact]
    public void ATextClassificationModelGetsTheSameTextProbesAsItsMetadataWould()
    {
        var manifest = ModelMaterializer.MiniLmManifest with
        {
            Name = "support-router",
            Kind = "text-classification",
            Outputs = [new TensorSpecification("label", "BYTES", [-1]), new TensorSpecification("probabilities", "FP32", [-1, 5])],
        };

        var set = ProbeSet.For(manifest);

        set.Source.ShouldBe(ProbeSet.TextEmbeddingDefault);
        set.Probes.Select(p => p.Id).ShouldBe(ProbeSet.For(new ModelMetadata("support-router", ["1"], [new TensorMetadata("text", "BYTES", [-1])], [])).Probes.Select(p => p.Id));
    }

    [Fact]
    public void TheDefaultSentencesHoldNonAsciiTextAndOneLongerThanTheTokenLimit()
    {
        // Act
        var texts = ProbeSet.DefaultTexts.Select(t => t.Text).ToArray();

        // Assert
        texts.ShouldContain("Übermäßige Latenz beim Modell");
        texts.ShouldContain("café naïve résumé");
        texts.ShouldContain(t => t.Any(char.IsSurrogate));
        texts.Max(t => t.Split(' ').Length).ShouldBeGreaterThan(256);
        texts.Min(t => t.Length).ShouldBeLessThan(5);
    }

    [Fact]
    public void AnOnnxModelGetsDeterministicPatternProbesShapedLikeItsInputs()
    {
        // Arrange
        var manifest = Onnx();

        // Act
        var first = ProbeSet.For(manifest);
        var second = ProbeSet.For(manifest);

        // Assert
        first.Source.ShouldBe(ProbeSet.PatternDefault);
        first.Probes.Select(p => p.Id).ShouldBe(["pattern-0", "pattern-1", "pattern-2"]);
        var input = first.Probes[1].Inputs.ShouldHaveSingleItem();
        input.Name.ShouldBe("x");
        input.Shape.ShouldBe([1L, 3L]);
        input.Data.GetArrayLength().ShouldBe(3);
        Json(first).ShouldBe(Json(second));
        first.Probes[0].Inputs[0].Data.GetRawText().ShouldNotBe(first.Probes[1].Inputs[0].Data.GetRawText());
    }

    [Fact]
    public void ProbesListedInTheManifestAreUsedAsTheyAre()
    {
        // Arrange
        var manifest = Onnx() with { Probes = [new Probe("ones", [new ProbeInput("x", "FP32", [1, 3], JsonSerializer.SerializeToElement(new[] { 1.0, 1.0, 1.0 }))])] };

        // Act
        var set = ProbeSet.For(manifest);

        // Assert
        set.Source.ShouldBe(ProbeSet.FromManifest);
        set.Probes.ShouldHaveSingleItem().Id.ShouldBe("ones");
    }

    [Fact]
    public void ManifestProbesThatCannotBeSentAreAllNamedInOneError()
    {
        // Arrange
        var manifest = Onnx() with
        {
            Probes =
            [
                new Probe("a", [new ProbeInput("x", "FP32", [1, 3], JsonSerializer.SerializeToElement(new[] { 1.0 }))]),
                new Probe("a", [new ProbeInput("y", "FP32", [1, 3], JsonSerializer.SerializeToElement(new[] { 1.0, 2.0, 3.0 }))]),
                new Probe("bad id", [new ProbeInput("x", "INT64", [1, 4], JsonSerializer.SerializeToElement(new[] { 1, 2, 3, 4 }))]),
            ],
        };

        // Act
        var exception = Should.Throw<InvalidDataException>(() => ProbeSet.For(manifest));

        // Assert
        exception.Message.ShouldContain("model 'tiny' version '1'");
        exception.Message.ShouldContain("probe id 'a' is used 2 times");
        exception.Message.ShouldContain("probe 'a' input 'x' has 1 values as data; its shape needs a flat array of 3");
        exception.Message.ShouldContain("probe 'a' has input 'y', which the model does not take");
        exception.Message.ShouldContain("probe 'bad id' has id 'bad id'");
        exception.Message.ShouldContain("input 'x' has datatype 'INT64'; the model takes 'FP32'");
        exception.Message.ShouldContain("has shape [1, 4]; the model takes [-1, 3]");
    }

    [Fact]
    public void AModelKnownByItsMetadataWithOneBytesInputGetsTheTextProbes()
    {
        // Arrange
        var metadata = new ModelMetadata("minilm", ["1"], [new TensorMetadata("text", "BYTES", [-1])], []);

        // Act
        var set = ProbeSet.For(metadata);

        // Assert
        set.Source.ShouldBe(ProbeSet.TextEmbeddingDefault);
        set.Probes.Count.ShouldBe(ProbeSet.DefaultTexts.Count);
    }

    [Fact]
    public void DescribeQuotesTheTextShortened()
    {
        // Arrange
        var probe = new Probe("long", [ProbeInput.Text("text", new string('a', 100))]);

        // Act
        var description = probe.Describe();

        // Assert
        description.ShouldBe($"text \"{new string('a', 60)}…\"");
    }

    internal static ModelManifest Onnx() => new()
    {
        Name = "tiny",
        Version = "1",
        Kind = "onnx",
        Files = [new ModelFileEntry("model.onnx", new string('a', 64), 10)],
        Inputs = [new TensorSpecification("x", "FP32", [-1, 3])],
        Outputs = [new TensorSpecification("y", "FP32", [-1, 2])],
    };

    private static string Json(ProbeSet set) => JsonSerializer.Serialize(set);
}
