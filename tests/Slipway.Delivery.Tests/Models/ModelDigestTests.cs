using Slipway.Delivery.Models;

namespace Slipway.Delivery.Tests.Models;

public sealed class ModelDigestTests
{
    private const string WeightsSha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2";
    private const string VocabularySha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f";
    private const string OtherSha256 = "0000000000000000000000000000000000000000000000000000000000000001";

    [Fact]
    public void DigestOfTheMiniLmManifestIsTheKnownValue()
    {
        // Act
        var digest = ModelDigest.Compute(ModelMaterializer.MiniLmManifest);

        // Assert: the SHA-256 of the canonical text, computed independently with sha256sum
        digest.ShouldBe("8e7e841874f89c7fd40c0f5ad2a5d69b8efe560ba4f08bd60c124f85eb6d7bbc");
    }

    [Fact]
    public void CanonicalTextListsEveryFileSortedWithPathSha256AndSize()
    {
        // Arrange
        var manifest = With(new ModelFileEntry("vocab.txt", VocabularySha256, 262_030), new ModelFileEntry("model.onnx", WeightsSha256.ToUpperInvariant()));

        // Act
        var text = ModelDigest.CanonicalText(manifest);

        // Assert
        text.ShouldBe($"slipway-model-digest/1\nmodel.onnx\t{WeightsSha256}\t-\nvocab.txt\t{VocabularySha256}\t262030\n");
    }

    [Fact]
    public void ChangingTheWeightsChangesTheDigest()
    {
        // Arrange
        var before = With(new ModelFileEntry("model.onnx", WeightsSha256, 10), new ModelFileEntry("vocab.txt", VocabularySha256, 20));
        var after = With(new ModelFileEntry("model.onnx", OtherSha256, 10), new ModelFileEntry("vocab.txt", VocabularySha256, 20));

        // Act, Assert
        ModelDigest.Compute(after).ShouldNotBe(ModelDigest.Compute(before));
    }

    [Fact]
    public void ChangingOnlyTheSecondFileChangesTheDigest()
    {
        // Arrange: the same weights, another vocabulary, which the old weights-only sha256 did not see
        var before = With(new ModelFileEntry("model.onnx", WeightsSha256, 10), new ModelFileEntry("vocab.txt", VocabularySha256, 20));
        var after = With(new ModelFileEntry("model.onnx", WeightsSha256, 10), new ModelFileEntry("vocab.txt", OtherSha256, 20));

        // Act, Assert
        ModelDigest.Compute(after).ShouldNotBe(ModelDigest.Compute(before));
    }

    [Fact]
    public void ChangingASizeOrAPathChangesTheDigest()
    {
        // Arrange
        var original = With(new ModelFileEntry("model.onnx", WeightsSha256, 10), new ModelFileEntry("vocab.txt", VocabularySha256, 20));
        var resized = With(new ModelFileEntry("model.onnx", WeightsSha256, 10), new ModelFileEntry("vocab.txt", VocabularySha256, 21));
        var renamed = With(new ModelFileEntry("model.onnx", WeightsSha256, 10), new ModelFileEntry("vocabulary.txt", VocabularySha256, 20));

        // Act
        var digests = new[] { original, resized, renamed }.Select(ModelDigest.Compute).ToArray();

        // Assert
        digests.Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public void TheOrderOfTheFilesDoesNotChangeTheDigest()
    {
        // Arrange
        var forwards = With(new ModelFileEntry("model.onnx", WeightsSha256, 10), new ModelFileEntry("vocab.txt", VocabularySha256, 20));
        var backwards = With(new ModelFileEntry("vocab.txt", VocabularySha256, 20), new ModelFileEntry("model.onnx", WeightsSha256, 10));

        // Act, Assert
        ModelDigest.Compute(backwards).ShouldBe(ModelDigest.Compute(forwards));
    }

    [Fact]
    public void SwappingTheHashesOfTwoFilesChangesTheDigest()
    {
        // Arrange
        var original = With(new ModelFileEntry("model.onnx", WeightsSha256, 10), new ModelFileEntry("vocab.txt", VocabularySha256, 10));
        var swapped = With(new ModelFileEntry("model.onnx", VocabularySha256, 10), new ModelFileEntry("vocab.txt", WeightsSha256, 10));

        // Act, Assert
        ModelDigest.Compute(swapped).ShouldNotBe(ModelDigest.Compute(original));
    }

    [Fact]
    public void NameAndVersionAreNotPartOfTheDigest()
    {
        // Arrange
        var manifest = ModelMaterializer.MiniLmManifest;

        // Act, Assert
        ModelDigest.Compute(manifest with { Name = "other", Version = "7" }).ShouldBe(ModelDigest.Compute(manifest));
    }

    [Fact]
    public void InvalidEntriesAreAllNamedInOneError()
    {
        // Arrange
        var manifest = With(
            new ModelFileEntry("model.onnx", "not-a-hash"),
            new ModelFileEntry("vocab.txt", VocabularySha256),
            new ModelFileEntry("vocab.txt", VocabularySha256));

        // Act
        var exception = Should.Throw<InvalidDataException>(() => ModelDigest.Compute(manifest));

        // Assert
        exception.Message.ShouldContain("Model 'm' version '1'");
        exception.Message.ShouldContain("file 'model.onnx' has sha256 'not-a-hash'");
        exception.Message.ShouldContain("file 'vocab.txt' is listed 2 times");
    }

    private static ModelManifest With(params ModelFileEntry[] files) => new()
    {
        Name = "m",
        Version = "1",
        Kind = "onnx",
        Files = files,
        Inputs = [],
        Outputs = [],
    };
}
