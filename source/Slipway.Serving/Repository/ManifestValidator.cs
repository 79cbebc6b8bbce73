using System.Text.RegularExpressions;
using Slipway.Serving.Inference;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Repository;

/// <summary>Checks a manifest and gathers every problem into one message.</summary>
public static partial class ManifestValidator
{
    public static ModelDefinition Validate(ModelManifest manifest, string directory, string expectedName, string expectedVersion)
    {
        var problems = new List<string>();
        if (manifest.Name != expectedName)
        {
            problems.Add($"'name' is '{manifest.Name}' but the folder is '{expectedName}'");
        }

        if (manifest.Version != expectedVersion)
        {
            problems.Add($"'version' is '{manifest.Version}' but the folder is '{expectedVersion}'");
        }

        if (manifest.Kind is not (ModelKinds.Onnx or ModelKinds.TextEmbedding or ModelKinds.TextClassification))
        {
            problems.Add($"'kind' is '{manifest.Kind}'; valid kinds are '{ModelKinds.Onnx}', '{ModelKinds.TextEmbedding}' and '{ModelKinds.TextClassification}'");
        }

        var platform = manifest.Platform ?? "onnxruntime_onnx";
        if (platform != "onnxruntime_onnx")
        {
            problems.Add($"'platform' is '{platform}'; only 'onnxruntime_onnx' is served");
        }

        var files = new List<(string, string)>();
        if (manifest.Files is null || manifest.Files.Count == 0)
        {
            problems.Add("'files' is empty; list every file with its sha256");
        }
        else
        {
            for (var i = 0; i < manifest.Files.Count; i++)
            {
                var file = manifest.Files[i];
                if (string.IsNullOrWhiteSpace(file.Path) || Path.IsPathRooted(file.Path) || file.Path.Split('/', '\\').Contains(".."))
                {
                    problems.Add($"files[{i}].path '{file.Path}' must be a relative path inside the version folder");
                }
                else if (file.Sha256 is null || !Sha256Pattern().IsMatch(file.Sha256))
                {
                    problems.Add($"files[{i}] ('{file.Path}') sha256 must be 64 hex digits");
                }
                else
                {
                    files.Add((file.Path, file.Sha256.ToLowerInvariant()));
                }
            }
        }

        var inputs = Tensors(manifest.Inputs, "inputs", manifest.MaxBatchSize, problems);
        var outputs = Tensors(manifest.Outputs, "outputs", manifest.MaxBatchSize, problems);
        if (manifest.MaxBatchSize < 0)
        {
            problems.Add($"'maxBatchSize' is {manifest.MaxBatchSize}; use 0 (no batching) or more");
        }

        if (manifest.MaxQueueDelayMs is < 0 or > 10_000)
        {
            problems.Add($"'maxQueueDelayMs' is {manifest.MaxQueueDelayMs}; use 0..10000");
        }

        if (manifest.Kind is ModelKinds.TextEmbedding or ModelKinds.TextClassification)
        {
            var settings = manifest.TextEmbedding ?? new TextEmbeddingManifest();
            var kind = manifest.Kind;
            if (inputs.Count != 1 || inputs[0].Datatype != DataType.Bytes || inputs[0].Shape.Length != 1)
            {
                problems.Add($"a {kind} model has exactly one input of datatype BYTES and shape [-1]");
            }

            if (manifest.Kind == ModelKinds.TextEmbedding
                && (outputs.Count != 1 || outputs[0].Datatype != DataType.Fp32 || outputs[0].Shape.Length != 2 || outputs[0].Shape[1] <= 0))
            {
                problems.Add("a text-embedding model has exactly one output of datatype FP32 and shape [-1, <dimension>]");
            }

            if (settings.Pooling is not ("mean" or "cls"))
            {
                problems.Add($"'textEmbedding.pooling' is '{settings.Pooling}'; valid values are 'mean' and 'cls'");
            }

            if (settings.MaxSequenceLength is < 2 or > 8192)
            {
                problems.Add($"'textEmbedding.maxSequenceLength' is {settings.MaxSequenceLength}; use 2..8192");
            }

            foreach (var (field, path) in new[] { ("model", settings.Model), ("vocabulary", settings.Vocabulary) })
            {
                if (!files.Any(f => f.Item1 == path))
                {
                    problems.Add($"'textEmbedding.{field}' names '{path}', which is not listed in 'files'");
                }
            }

            if (manifest.Kind == ModelKinds.TextClassification)
            {
                ValidateClassification(manifest.TextClassification, files, outputs, problems);
            }
        }
        else if (manifest.Kind == ModelKinds.Onnx && files.Count > 0 && !files.Any(f => f.Item1.EndsWith(".onnx", StringComparison.Ordinal)))
        {
            problems.Add("an onnx model lists its graph in 'files' (a path ending in .onnx)");
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"manifest '{Path.Combine(directory, "model.json")}' is invalid: {string.Join("; ", problems)}.");
        }

        return new ModelDefinition(
            expectedName, expectedVersion, manifest.Kind!, platform, directory, files, inputs, outputs,
            manifest.MaxBatchSize, TimeSpan.FromMilliseconds(manifest.MaxQueueDelayMs),
            manifest.Kind is ModelKinds.TextEmbedding or ModelKinds.TextClassification ? manifest.TextEmbedding ?? new TextEmbeddingManifest() : null,
            manifest.Kind == ModelKinds.TextClassification ? manifest.TextClassification : null);
    }

    /// <summary>A head listed in files, distinct class names, and the outputs <c>label</c> BYTES [-1] and <c>probabilities</c> FP32 [-1, classes].</summary>
    private static void ValidateClassification(TextClassificationManifest? settings, List<(string, string)> files, List<TensorSpec> outputs, List<string> problems)
    {
        if (settings is null)
        {
            problems.Add("a text-classification model has a 'textClassification' section with 'head' and 'classes'");
            return;
        }

        if (!files.Any(f => f.Item1 == settings.Head))
        {
            problems.Add($"'textClassification.head' names '{settings.Head}', which is not listed in 'files'");
        }

        if (settings.Classes.Count < 2 || settings.Classes.Any(string.IsNullOrWhiteSpace) || settings.Classes.Distinct(StringComparer.Ordinal).Count() != settings.Classes.Count)
        {
            problems.Add("'textClassification.classes' lists at least two distinct, non-empty class names");
        }
        else if (settings.Classes.Any(c => c.Contains(',', StringComparison.Ordinal)))
        {
            problems.Add("'textClassification.classes' names hold no commas (the metadata lists them comma-separated)");
        }

        var label = outputs.FirstOrDefault(o => o.Name == TextClassificationOutputs.Label);
        var probabilities = outputs.FirstOrDefault(o => o.Name == TextClassificationOutputs.Probabilities);
        if (outputs.Count != 2 || label is null || label.Datatype != DataType.Bytes || label.Shape.Length != 1
            || probabilities is null || probabilities.Datatype != DataType.Fp32 || probabilities.Shape.Length != 2 || probabilities.Shape[1] != settings.Classes.Count)
        {
            problems.Add($"a text-classification model has the outputs '{TextClassificationOutputs.Label}' (BYTES, [-1]) and '{TextClassificationOutputs.Probabilities}' (FP32, [-1, {settings.Classes.Count}], one column per class)");
        }
    }

    private static List<TensorSpec> Tensors(List<ManifestTensor>? tensors, string field, int maxBatchSize, List<string> problems)
    {
        var result = new List<TensorSpec>();
        if (tensors is null || tensors.Count == 0)
        {
            problems.Add($"'{field}' is empty; list each tensor with name, datatype and shape");
            return result;
        }

        for (var i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            var where = $"{field}[{i}]";
            if (string.IsNullOrWhiteSpace(tensor.Name))
            {
                problems.Add($"{where} has no name");
                continue;
            }

            if (!DataTypes.TryParse(tensor.Datatype, out var datatype))
            {
                problems.Add($"{where} ('{tensor.Name}') datatype '{tensor.Datatype}' is not one of {DataTypes.AllNames}");
                continue;
            }

            if (tensor.Shape is null || tensor.Shape.Any(d => d < -1))
            {
                problems.Add($"{where} ('{tensor.Name}') shape must list dimensions of -1 (variable) or more");
                continue;
            }

            if (maxBatchSize > 0 && (tensor.Shape.Count == 0 || tensor.Shape[0] != -1))
            {
                problems.Add($"{where} ('{tensor.Name}') shape must start with -1 (the batch dimension) because maxBatchSize is {maxBatchSize}");
                continue;
            }

            if (result.Any(r => r.Name == tensor.Name))
            {
                problems.Add($"{where} name '{tensor.Name}' is used twice");
                continue;
            }

            result.Add(new TensorSpec(tensor.Name, datatype, [.. tensor.Shape]));
        }

        return result;
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();
}
