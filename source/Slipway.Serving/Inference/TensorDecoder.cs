using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Inference;

/// <summary>Turns the JSON inputs of an inference request into typed tensors, checking each against the model's signature.</summary>
public static partial class TensorDecoder
{
    /// <summary>Largest element count a single input may declare; larger shapes are refused before any allocation.</summary>
    public const long MaxElements = 64L * 1024 * 1024;

    /// <summary>
    /// Decodes the request inputs, whatever wire they came on, in the order of <paramref name="specs"/>; every problem is
    /// a <see cref="ProtocolException"/> with status 400.
    /// </summary>
    public static Tensor[] DecodeInputs(IReadOnlyList<IWireTensor?>? inputs, string modelName, IReadOnlyList<TensorSpec> specs, int maxBatchSize)
    {
        if (inputs is null || inputs.Count == 0)
        {
            throw ProtocolException.BadRequest($"request has no 'inputs'; model '{modelName}' expects {Describe(specs)}.");
        }

        var byName = new Dictionary<string, IWireTensor>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i] ?? throw ProtocolException.BadRequest($"inputs[{i}] is null; each input must be an object with name, shape, datatype and data.");
            if (string.IsNullOrEmpty(input.Name))
            {
                throw ProtocolException.BadRequest($"inputs[{i}] has no 'name'; model '{modelName}' expects {Describe(specs)}.");
            }

            if (!specs.Any(s => s.Name == input.Name))
            {
                throw ProtocolException.BadRequest($"unknown input '{input.Name}'; model '{modelName}' expects {Describe(specs)}.");
            }

            if (!byName.TryAdd(input.Name, input))
            {
                throw ProtocolException.BadRequest($"input '{input.Name}' appears more than once; send each input once.");
            }
        }

        var tensors = new Tensor[specs.Count];
        long? batch = null;
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            if (!byName.TryGetValue(spec.Name, out var input))
            {
                throw ProtocolException.BadRequest($"missing input '{spec.Name}'; model '{modelName}' expects {Describe(specs)}.");
            }

            tensors[i] = Decode(input, spec, modelName);
            if (maxBatchSize > 0)
            {
                var rows = tensors[i].Shape[0];
                if (rows > maxBatchSize)
                {
                    throw ProtocolException.BadRequest($"input '{spec.Name}' has batch size {rows}; model '{modelName}' accepts at most {maxBatchSize} per request. Split the request.");
                }

                if (batch is not null && batch != rows)
                {
                    throw ProtocolException.BadRequest($"input '{spec.Name}' has batch size {rows} but another input has {batch}; all inputs must share the first dimension.");
                }

                batch = rows;
            }
        }

        return tensors;
    }

    /// <summary>Decodes one input against its spec: datatype and shape first, then its elements from whichever encoding it uses.</summary>
    public static Tensor Decode(IWireTensor input, TensorSpec spec, string modelName)
    {
        var name = spec.Name;
        if (input.Datatype is null)
        {
            throw ProtocolException.BadRequest($"input '{name}' has no 'datatype'; model '{modelName}' expects {spec.Datatype.ToProtocolName()}.");
        }

        if (!DataTypes.TryParse(input.Datatype, out var datatype))
        {
            throw ProtocolException.BadRequest($"input '{name}' has unknown datatype '{input.Datatype}'; valid datatypes are {DataTypes.AllNames}, and model '{modelName}' expects {spec.Datatype.ToProtocolName()}.");
        }

        if (datatype != spec.Datatype)
        {
            throw ProtocolException.BadRequest($"input '{name}' has datatype {input.Datatype}; model '{modelName}' expects {spec.Datatype.ToProtocolName()}.");
        }

        var shape = CheckShape(input, spec, modelName);
        var expected = ElementCount(name, shape);
        return new Tensor(name, datatype, shape, input.ReadElements(name, datatype, shape, (int)expected));
    }

    /// <summary>Elements sent as a JSON array, flat or nested row-major.</summary>
    public static Array ReadJson(JsonElement elements, string name, DataType datatype, long[] shape, int expected)
    {
        if (elements.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw ProtocolException.BadRequest($"input '{name}' has no 'data'; send {expected} element(s) for shape [{string.Join(", ", shape)}].");
        }

        if (elements.ValueKind != JsonValueKind.Array)
        {
            throw ProtocolException.BadRequest($"input '{name}' 'data' is a JSON {elements.ValueKind.ToString().ToLowerInvariant()}; it must be an array (flat or nested, row-major).");
        }

        var data = DataTypes.Allocate(datatype, expected);
        var count = 0;
        if (IsNested(elements))
        {
            FillNested(elements, data, ref count, name, datatype, shape, depth: 0);
        }
        else
        {
            FillFlat(elements, data, ref count, name, datatype);
            if (count != expected)
            {
                throw ProtocolException.BadRequest($"input '{name}' has {count} element(s) in 'data' but shape [{string.Join(", ", shape)}] needs {expected}.");
            }
        }

        return data;
    }

    private static long[] CheckShape(IWireTensor input, TensorSpec spec, string modelName)
    {
        var name = spec.Name;
        if (input.Shape is null)
        {
            throw ProtocolException.BadRequest($"input '{name}' has no 'shape'; model '{modelName}' expects shape {spec.ShapeText}.");
        }

        var shape = input.Shape as long[] ?? [.. input.Shape];
        if (shape.Length != spec.Shape.Length)
        {
            throw ProtocolException.BadRequest($"input '{name}' has shape [{string.Join(", ", shape)}] with {shape.Length} dimension(s); model '{modelName}' expects {spec.Shape.Length}: {spec.ShapeText}.");
        }

        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] < 0)
            {
                throw ProtocolException.BadRequest($"input '{name}' has negative dimension {shape[d]} at index {d}; dimensions must be 0 or more.");
            }

            if (spec.Shape[d] >= 0 && spec.Shape[d] != shape[d])
            {
                throw ProtocolException.BadRequest($"input '{name}' has shape [{string.Join(", ", shape)}]; model '{modelName}' expects {spec.ShapeText} (dimension {d} must be {spec.Shape[d]}).");
            }
        }

        return shape;
    }

    private static long ElementCount(string name, long[] shape)
    {
        long product = 1;
        foreach (var dimension in shape)
        {
            if (dimension != 0 && product > MaxElements / dimension)
            {
                throw ProtocolException.BadRequest($"input '{name}' shape [{string.Join(", ", shape)}] has more than {MaxElements} elements, the limit per input.");
            }

            product *= dimension;
        }

        return product;
    }

    private static bool IsNested(JsonElement data)
    {
        foreach (var item in data.EnumerateArray())
        {
            return item.ValueKind == JsonValueKind.Array;
        }

        return false;
    }

    private static void FillFlat(JsonElement element, Array data, ref int count, string name, DataType datatype)
    {
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                throw ProtocolException.BadRequest($"input '{name}' 'data' mixes values and arrays; send it flat or nested to match the shape.");
            }

            if (count < data.Length)
            {
                SetElement(item, data, count, name, datatype);
            }

            count++; // keep counting past the end so the error states the real length
        }
    }

    /// <summary>Nested data must follow the shape exactly: the array at depth d holds shape[d] items.</summary>
    private static void FillNested(JsonElement element, Array data, ref int count, string name, DataType datatype, long[] shape, int depth)
    {
        var length = element.GetArrayLength();
        if (depth >= shape.Length || length != shape[depth])
        {
            throw ProtocolException.BadRequest(
                $"input '{name}' nested 'data' does not match shape [{string.Join(", ", shape)}]: an array at depth {depth} has {length} item(s)" +
                (depth < shape.Length ? $", expected {shape[depth]}." : ", but the shape has no such dimension."));
        }

        var leaf = depth == shape.Length - 1;
        foreach (var item in element.EnumerateArray())
        {
            if (leaf)
            {
                if (item.ValueKind == JsonValueKind.Array)
                {
                    throw ProtocolException.BadRequest($"input '{name}' nested 'data' is deeper than shape [{string.Join(", ", shape)}].");
                }

                SetElement(item, data, count++, name, datatype);
            }
            else if (item.ValueKind != JsonValueKind.Array)
            {
                throw ProtocolException.BadRequest($"input '{name}' nested 'data' has a value at depth {depth + 1} where shape [{string.Join(", ", shape)}] needs an array.");
            }
            else
            {
                FillNested(item, data, ref count, name, datatype, shape, depth + 1);
            }
        }
    }

    private static string Describe(IReadOnlyList<TensorSpec> specs) =>
        string.Join(", ", specs.Select(s => $"'{s.Name}' ({s.Datatype.ToProtocolName()} {s.ShapeText})"));
}
