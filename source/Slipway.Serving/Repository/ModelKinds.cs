namespace Slipway.Serving.Repository;

public static class ModelKinds
{
    /// <summary>Raw tensors in, raw tensors out.</summary>
    public const string Onnx = "onnx";

    /// <summary>Strings in; tokenizer + ONNX encoder + pooling; FP32 vectors out.</summary>
    public const string TextEmbedding = "text-embedding";

    /// <summary>Strings in; the text-embedding encoder, then a head graph over its vectors; the label and every class's probability out.</summary>
    public const string TextClassification = "text-classification";
}
