using Microsoft.ML.OnnxRuntime;
using Slipway.Serving.Inference;
using Slipway.Serving.Repository;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Runtime;

/// <summary>
/// Strings → the text-embedding encoder (<see cref="TextEmbeddingRunner"/>) → the head graph → each class's
/// probability, and the most probable class as the label.
/// </summary>
public sealed class TextClassificationRunner : IModelRunner
{
    private const string HeadInput = "embedding";
    private const string HeadOutput = "probabilities";

    private readonly TextEmbeddingRunner _encoder;
    private readonly InferenceSession _head;
    private readonly string[] _classes;
    private readonly string[] _outputOrder;

    public TextClassificationRunner(ModelDefinition definition, int intraOpThreads)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var settings = definition.TextClassification!;
        _classes = [.. settings.Classes];
        _outputOrder = [.. definition.Outputs.Select(o => o.Name)];
        _encoder = new TextEmbeddingRunner(definition.Name, definition.Directory, definition.TextEmbedding!, definition.Inputs[0].Name, "embedding", dimension: 0, intraOpThreads);
        _head = SessionFactory.Create(Path.Combine(definition.Directory, settings.Head), intraOpThreads);
        var input = _head.InputMetadata.GetValueOrDefault(HeadInput);
        var output = _head.OutputMetadata.GetValueOrDefault(HeadOutput);
        if (input is null || output is null || input.Dimensions.Length != 2 || input.Dimensions[1] != _encoder.Dimension
            || output.Dimensions.Length != 2 || output.Dimensions[1] != _classes.Length)
        {
            _head.Dispose();
            _encoder.Dispose();
            throw new InvalidDataException(
                $"head graph '{settings.Head}' of model '{definition.Name}' must take '{HeadInput}' FP32 [batch, {_encoder.Dimension}] and give '{HeadOutput}' FP32 [batch, {_classes.Length}] " +
                $"(one column per class: {string.Join(", ", _classes)}); train it again or fix 'textClassification' in the manifest.");
        }
    }

    public void Validate(IReadOnlyList<Tensor> inputs) => _encoder.Validate(inputs);

    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs)
    {
        var embeddings = _encoder.Run(inputs)[0];
        var count = (int)embeddings.Shape[0];
        var probabilities = new float[count * _classes.Length];
        if (count > 0)
        {
            using var value = OrtValue.CreateTensorValueFromMemory((float[])embeddings.Data, embeddings.Shape);
            using var runOptions = new RunOptions();
            using var outputs = _head.Run(runOptions, [HeadInput], [value], [HeadOutput]);
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(probabilities);
        }

        var labels = new string[count];
        for (var i = 0; i < count; i++)
        {
            var row = probabilities.AsSpan(i * _classes.Length, _classes.Length);
            var best = 0;
            for (var c = 1; c < row.Length; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            labels[i] = _classes[best];
        }

        var label = new Tensor(TextClassificationOutputs.Label, DataType.Bytes, [count], labels);
        var probability = new Tensor(TextClassificationOutputs.Probabilities, DataType.Fp32, [count, _classes.Length], probabilities);
        return [.. _outputOrder.Select(name => name == TextClassificationOutputs.Label ? label : probability)];
    }

    public void Dispose()
    {
        _head.Dispose();
        _encoder.Dispose();
    }
}
