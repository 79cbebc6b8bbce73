namespace Slipway.Serving.Repository;

/// <summary>The output names of a <c>text-classification</c> model.</summary>
public static class TextClassificationOutputs
{
    /// <summary>BYTES [n]: the class with the highest probability.</summary>
    public const string Label = "label";

    /// <summary>FP32 [n, classes]: each class's probability, in the order of the manifest's classes.</summary>
    public const string Probabilities = "probabilities";
}
