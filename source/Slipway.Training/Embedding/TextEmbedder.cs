using Slipway.Serving.Repository;
using Slipway.Serving.Runtime;
using Slipway.Serving.Tensors;

namespace Slipway.Training.Embedding;

/// <summary>
/// Sentence vectors from the service's own encoder (<see cref="TextEmbeddingRunner"/>), one text per run and on a
/// fixed number of threads, so a text's vector depends on nothing else in the dataset; each element is rounded to
/// <see cref="Resolution"/> so that the last bits of a CPU's kernels do not reach the trained weights.
/// </summary>
public sealed class TextEmbedder : IDisposable
{
    public const float Resolution = 1e-5f;
    public const int Threads = 1;

    private readonly TextEmbeddingRunner _runner;

    public TextEmbedder(string encoderDirectory, TextEmbeddingManifest settings)
    {
        _runner = new TextEmbeddingRunner("encoder", encoderDirectory, settings, "text", "embedding", dimension: 0, Threads);
    }

    public int Dimension => _runner.Dimension;

    public float[] Embed(string text)
    {
        var output = _runner.Run([new Tensor("text", DataType.Bytes, [1], new[] { text })]);
        var vector = (float[])output[0].Data;
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = MathF.Round(vector[i] / Resolution) * Resolution;
        }

        return vector;
    }

    public void Dispose() => _runner.Dispose();
}
