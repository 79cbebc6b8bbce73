using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Slipway.Training.Heads;

/// <summary>
/// Trains the linear head with ML.NET's L-BFGS maximum-entropy trainer on one thread with a fixed seed, so the same
/// vectors and parameters give the same weights; the rows are taken in id order, whatever the file order.
/// </summary>
public static class HeadTrainer
{
    public static LinearHead Train(IReadOnlyList<string> classes, IReadOnlyList<(string Id, float[] Vector, string Label)> examples, TrainingParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(parameters);
        if (examples.Count == 0)
        {
            throw new InvalidOperationException("There are no training rows; add labelled rows to the dataset.");
        }

        var dimension = examples[0].Vector.Length;
        var context = new MLContext(seed: parameters.Seed);
        var schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        var data = context.Data.LoadFromEnumerable(
            examples.OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => new Example { Features = e.Vector, Label = e.Label }), schema);
        var pipeline = context.Transforms.Conversion
            .MapValueToKey(nameof(Example.Label), keyData: context.Data.LoadFromEnumerable(classes.Select(c => new KeyValue { Label = c })))
            .Append(context.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = nameof(Example.Label),
                FeatureColumnName = nameof(Example.Features),
                L2Regularization = parameters.L2Regularization,
                L1Regularization = 0,
                OptimizationTolerance = parameters.OptimizationTolerance,
                HistorySize = parameters.HistorySize,
                MaximumNumberOfIterations = parameters.MaximumIterations,
                NumberOfThreads = 1,
                ShowTrainingStatistics = false,
            }));
        var model = pipeline.Fit(data);
        var trained = model.LastTransformer.Model;

        VBuffer<float>[] weights = [];
        trained.GetWeights(ref weights, out var classCount);
        var biases = trained.GetBiases().ToArray();
        if (classCount != classes.Count)
        {
            throw new InvalidOperationException($"The trainer produced {classCount} classes for {classes.Count} labels ({string.Join(", ", classes)}).");
        }

        var resolution = parameters.WeightResolution;
        var rows = new float[classCount][];
        for (var c = 0; c < classCount; c++)
        {
            var dense = weights[c].DenseValues().ToArray();
            rows[c] = [.. dense.Select(w => Round(w, resolution))];
        }

        return new LinearHead([.. classes], rows, [.. biases.Select(b => Round(b, resolution))]);
    }

    private static float Round(float value, float resolution) => MathF.Round(value / resolution) * resolution;

    private sealed class Example
    {
        public float[] Features { get; set; } = [];
        public string Label { get; set; } = string.Empty;
    }

    private sealed class KeyValue
    {
        public string Label { get; set; } = string.Empty;
    }
}
