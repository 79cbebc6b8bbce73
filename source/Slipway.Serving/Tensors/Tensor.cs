namespace Slipway.Serving.Tensors;

/// <summary>
/// A named, typed, row-major tensor. <see cref="Data"/> is a one-dimensional array of the CLR type of
/// <see cref="Datatype"/> (<c>string[]</c> for BYTES, <c>Float16[]</c> for FP16).
/// </summary>
public sealed record Tensor(string Name, DataType Datatype, long[] Shape, Array Data)
{
    public int ElementCount => Data.Length;

    /// <summary>Elements per row along the first dimension.</summary>
    public int RowLength => Shape.Length == 0 ? 1 : checked((int)Shape.Skip(1).Aggregate(1L, (a, b) => a * b));

    /// <summary>Rows <paramref name="start"/> .. start+count along the first dimension.</summary>
    public Tensor SliceRows(int start, int count)
    {
        var rowLength = RowLength;
        var data = DataTypes.Allocate(Datatype, count * rowLength);
        Array.Copy(Data, start * rowLength, data, 0, count * rowLength);
        var shape = (long[])Shape.Clone();
        shape[0] = count;
        return this with { Shape = shape, Data = data };
    }

    /// <summary>Joins tensors of equal trailing dimensions along the first dimension.</summary>
    public static Tensor ConcatRows(IReadOnlyList<Tensor> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var first = parts[0];
        var total = parts.Sum(p => p.Data.Length);
        var data = DataTypes.Allocate(first.Datatype, total);
        var offset = 0;
        foreach (var part in parts)
        {
            Array.Copy(part.Data, 0, data, offset, part.Data.Length);
            offset += part.Data.Length;
        }

        var shape = (long[])first.Shape.Clone();
        shape[0] = parts.Sum(p => p.Shape[0]);
        return first with { Shape = shape, Data = data };
    }
}
