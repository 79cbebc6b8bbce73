using Microsoft.ML.OnnxRuntime;
using Slipway.Serving.Runtime;

namespace Slipway.Training.Heads;

/// <summary>Runs a head graph (<c>embedding</c> → <c>probabilities</c>) with ONNX Runtime: what the service runs, so what is evaluated is what is served.</summary>
public sealed class HeadSession : IDisposable
{
    private readonly InferenceSession _session;

    public HeadSession(string path) => _session = SessionFactory.Create(path, intraOpThreads: 1);

    public float[][] Predict(IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            return [];
        }

        var dimension = vectors[0].Length;
        var input = new float[vectors.Count * dimension];
        for (var i = 0; i < vectors.Count; i++)
        {
            vectors[i].CopyTo(input, i * dimension);
        }

        using var value = OrtValue.CreateTensorValueFromMemory(input, [vectors.Count, dimension]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [OnnxHeadWriter.InputName], [value], [OnnxHeadWriter.OutputName]);
        var probabilities = outputs[0].GetTensorDataAsSpan<float>();
        var classes = probabilities.Length / vectors.Count;
        var rows = new float[vectors.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = probabilities.Slice(i * classes, classes).ToArray();
        }

        return rows;
    }

    public void Dispose() => _session.Dispose();
}
