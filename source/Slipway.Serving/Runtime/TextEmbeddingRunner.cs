using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using Slipway.Serving.Inference;
using Slipway.Serving.Repository;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Runtime;

/// <summary>Strings → BERT word pieces → ONNX encoder → mean (or CLS) pooling → optional L2 normalisation.</summary>
public sealed class TextEmbeddingRunner : IModelRunner
{
    /// <summary>Longest string accepted per element; the tokenizer would truncate long before this anyway.</summary>
    public const int MaxCharacters = 100_000;

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly TextEmbeddingManifest _settings;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly string _hiddenOutput;
    private readonly bool _wantsTokenTypes;
    private readonly int _dimension;

    public TextEmbeddingRunner(ModelDefinition definition, int intraOpThreads)
        : this(definition.Name, definition.Directory, definition.TextEmbedding!, definition.Inputs[0].Name, definition.Outputs[0].Name, (int)definition.Outputs[0].Shape[1], intraOpThreads)
    {
    }

    /// <summary>
    /// The encoder of a model whose files are in <paramref name="directory"/>: tokenizer, graph and pooling from
    /// <paramref name="settings"/>, vectors of <paramref name="dimension"/> elements (0: whatever the graph produces).
    /// </summary>
    public TextEmbeddingRunner(string name, string directory, TextEmbeddingManifest settings, string inputName, string outputName, int dimension, int intraOpThreads)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _inputName = inputName;
        _outputName = outputName;
        _tokenizer = BertTokenizer.Create(
            Path.Combine(directory, _settings.Vocabulary),
            new BertOptions { LowerCaseBeforeTokenization = _settings.LowerCase });
        _session = SessionFactory.Create(Path.Combine(directory, _settings.Model), intraOpThreads);
        var inputs = _session.InputMetadata;
        if (!inputs.ContainsKey("input_ids") || !inputs.ContainsKey("attention_mask"))
        {
            _session.Dispose();
            throw new InvalidDataException(
                $"graph '{_settings.Model}' of model '{name}' has inputs {string.Join(", ", inputs.Keys.Select(k => $"'{k}'"))}; a text-embedding graph needs 'input_ids' and 'attention_mask' (and optionally 'token_type_ids').");
        }

        _wantsTokenTypes = inputs.ContainsKey("token_type_ids");
        _hiddenOutput = _session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputMetadata.Keys.First();
        var hidden = _session.OutputMetadata[_hiddenOutput].Dimensions;
        _dimension = dimension > 0 ? dimension : hidden.Length == 3 ? hidden[2] : 0;
        if (hidden.Length != 3 || _dimension <= 0 || (hidden[2] > 0 && hidden[2] != _dimension))
        {
            _session.Dispose();
            throw new InvalidDataException(
                $"graph output '{_hiddenOutput}' of model '{name}' has shape [{string.Join(", ", hidden)}]; the manifest promises [batch, sequence, {_dimension}].");
        }
    }

    /// <summary>Elements per vector.</summary>
    public int Dimension => _dimension;

    public void Validate(IReadOnlyList<Tensor> inputs)
    {
        var texts = (string[])inputs[0].Data;
        for (var i = 0; i < texts.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                throw ProtocolException.BadRequest($"input '{_inputName}' element {i} is an empty string; send text with at least one non-space character.");
            }

            if (texts[i].Length > MaxCharacters)
            {
                throw ProtocolException.BadRequest($"input '{_inputName}' element {i} has {texts[i].Length} characters; the limit is {MaxCharacters}.");
            }
        }
    }

    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs)
    {
        var texts = (string[])inputs[0].Data;
        var count = texts.Length;
        if (count == 0)
        {
            return [new Tensor(_outputName, DataType.Fp32, [0, _dimension], Array.Empty<float>())];
        }

        var encoded = new IReadOnlyList<int>[count];
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            encoded[i] = _tokenizer.EncodeToIds(texts[i], _settings.MaxSequenceLength, addSpecialTokens: true, out _, out _);
            length = Math.Max(length, encoded[i].Count);
        }

        var ids = new long[count * length];
        var mask = new long[count * length];
        for (var i = 0; i < count; i++)
        {
            var row = encoded[i];
            for (var t = 0; t < length; t++)
            {
                var present = t < row.Count;
                ids[i * length + t] = present ? row[t] : _tokenizer.PaddingTokenId;
                mask[i * length + t] = present ? 1 : 0;
            }
        }

        long[] shape = [count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = _wantsTokenTypes ? OrtValue.CreateTensorValueFromMemory(new long[count * length], shape) : null;
        var names = _wantsTokenTypes ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
        var values = _wantsTokenTypes ? new[] { idsValue, maskValue, typesValue! } : [idsValue, maskValue];
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, values, [_hiddenOutput]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var embeddings = Pool(hidden, mask, count, length);
        return [new Tensor(_outputName, DataType.Fp32, [count, _dimension], embeddings)];
    }

    public void Dispose() => _session.Dispose();

    private float[] Pool(ReadOnlySpan<float> hidden, long[] mask, int count, int length)
    {
        var result = new float[count * _dimension];
        for (var i = 0; i < count; i++)
        {
            var target = result.AsSpan(i * _dimension, _dimension);
            if (_settings.Pooling == "cls")
            {
                hidden.Slice(i * length * _dimension, _dimension).CopyTo(target);
            }
            else
            {
                var tokens = 0;
                for (var t = 0; t < length; t++)
                {
                    if (mask[i * length + t] == 0)
                    {
                        continue;
                    }

                    tokens++;
                    var source = hidden.Slice((i * length + t) * _dimension, _dimension);
                    System.Numerics.Tensors.TensorPrimitives.Add(target, source, target);
                }

                System.Numerics.Tensors.TensorPrimitives.Divide(target, Math.Max(tokens, 1), target);
            }

            if (_settings.Normalize)
            {
                var norm = System.Numerics.Tensors.TensorPrimitives.Norm(target);
                System.Numerics.Tensors.TensorPrimitives.Divide(target, Math.Max(norm, 1e-12f), target);
            }
        }

        return result;
    }
}
