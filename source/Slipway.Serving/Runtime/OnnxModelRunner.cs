using Microsoft.ML.OnnxRuntime;
using Slipway.Serving.Inference;
using Slipway.Serving.Repository;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Runtime;

/// <summary>Serves an ONNX graph as it is: the manifest's inputs and outputs are graph inputs and outputs.</summary>
public sealed class OnnxModelRunner : IModelRunner
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public OnnxModelRunner(ModelDefinition definition, int intraOpThreads)
    {
        var graph = definition.Files.First(f => f.Path.EndsWith(".onnx", StringComparison.Ordinal)).Path;
        _session = SessionFactory.Create(Path.Combine(definition.Directory, graph), intraOpThreads);
        try
        {
            CheckSignature(definition, graph);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        _inputNames = [.. definition.Inputs.Select(i => i.Name)];
        _outputNames = [.. definition.Outputs.Select(o => o.Name)];
    }

    public void Validate(IReadOnlyList<Tensor> inputs)
    {
    }

    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs)
    {
        var values = new OrtValue[inputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                values[i] = OrtTensors.ToOrtValue(inputs[i]);
            }

            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, _inputNames, values, _outputNames);
            var result = new Tensor[_outputNames.Length];
            var index = 0;
            foreach (var output in outputs)
            {
                result[index] = OrtTensors.FromOrtValue(_outputNames[index], output);
                index++;
            }

            return result;
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private void CheckSignature(ModelDefinition definition, string graph)
    {
        var problems = new List<string>();
        Compare("input", definition.Inputs, _session.InputMetadata, problems);
        Compare("output", definition.Outputs, _session.OutputMetadata, problems);
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"manifest of model '{definition.Name}' version '{definition.Version}' does not match graph '{graph}': {string.Join("; ", problems)}.");
        }
    }

    private static void Compare(string kind, IReadOnlyList<TensorSpec> specs, IReadOnlyDictionary<string, NodeMetadata> graph, List<string> problems)
    {
        foreach (var spec in specs)
        {
            if (!graph.TryGetValue(spec.Name, out var node))
            {
                problems.Add($"{kind} '{spec.Name}' is not in the graph (graph {kind}s: {string.Join(", ", graph.Keys.Select(k => $"'{k}'"))})");
                continue;
            }

            if (!node.IsTensor || !DataTypes.TryFromOnnx(node.ElementDataType, out var type) || type != spec.Datatype)
            {
                problems.Add($"{kind} '{spec.Name}' is {spec.Datatype.ToProtocolName()} in the manifest but {node.ElementDataType} in the graph");
            }
            else if (node.Dimensions.Length != spec.Shape.Length)
            {
                problems.Add($"{kind} '{spec.Name}' has {spec.Shape.Length} dimension(s) in the manifest but {node.Dimensions.Length} in the graph");
            }
        }
    }
}
