using Slipway.Training.Heads;

namespace Slipway.Training.Tests.Heads;

public sealed class OnnxHeadWriterTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"slipway-head-{Guid.NewGuid():N}.onnx");

    public void Dispose() => File.Delete(_path);

    private static readonly LinearHead Head = new(["a", "b", "c"],
        [[1f, 0f, 0.5f, -1f], [0f, 2f, 0f, 0f], [-1f, -1f, 1f, 3f]],
        [0.1f, -0.2f, 0f]);

    [Fact]
    public void OnnxRuntimeComputesSoftmaxOfTheAffineMap()
    {
        File.WriteAllBytes(_path, OnnxHeadWriter.Write(Head));
        float[][] inputs = [[1f, 2f, 3f, 4f], [0f, 0f, 0f, 0f]];

        using var session = new HeadSession(_path);
        var probabilities = session.Predict(inputs);

        for (var row = 0; row < inputs.Length; row++)
        {
            var logits = Head.Weights.Select((w, c) => w.Zip(inputs[row], (a, b) => a * b).Sum() + Head.Biases[c]).ToArray();
            var max = logits.Max();
            var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
            for (var c = 0; c < 3; c++)
            {
                probabilities[row][c].ShouldBe((float)(exp[c] / exp.Sum()), 1e-6f);
            }
        }
    }

    [Fact]
    public void TheSameHeadGivesTheSameBytes() =>
        OnnxHeadWriter.Write(Head).ShouldBe(OnnxHeadWriter.Write(Head with { Weights = [.. Head.Weights.Select(w => w.ToArray())] }));

    [Fact]
    public void ADifferentWeightGivesDifferentBytes() =>
        OnnxHeadWriter.Write(Head).ShouldNotBe(OnnxHeadWriter.Write(Head with { Biases = [0.1f, -0.2f, 0.0001f] }));
}
