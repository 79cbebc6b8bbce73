namespace Slipway.Training.Heads;

/// <summary>A trained linear classifier over sentence vectors: probabilities = softmax(W·x + b), one row of W per class.</summary>
public sealed record LinearHead(IReadOnlyList<string> Classes, float[][] Weights, float[] Biases)
{
    public int Dimension => Weights.Length == 0 ? 0 : Weights[0].Length;
}
