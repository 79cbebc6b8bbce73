using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.OnnxRuntime;

namespace Slipway.Serving.Protocol;

/// <summary>Writes a typed one-dimensional array as a flat JSON array; non-finite floats become "NaN"/"Infinity"/"-Infinity".</summary>
public sealed class TensorDataJsonConverter : JsonConverter<Array>
{
    public override Array Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Tensor data is only written by this converter; requests are read as JsonElement.");

    public override void Write(Utf8JsonWriter writer, Array value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        // Match the exact array type: the runtime lets a ulong[] pass as long[] (and ushort[] as short[]).
        var type = value.GetType();
        if (type == typeof(float[])) foreach (var v in (float[])value) WriteFloat(writer, v);
        else if (type == typeof(double[])) foreach (var v in (double[])value) WriteDouble(writer, v);
        else if (type == typeof(Float16[])) foreach (var v in (Float16[])value) WriteFloat(writer, (float)v);
        else if (type == typeof(long[])) foreach (var v in (long[])value) writer.WriteNumberValue(v);
        else if (type == typeof(int[])) foreach (var v in (int[])value) writer.WriteNumberValue(v);
        else if (type == typeof(short[])) foreach (var v in (short[])value) writer.WriteNumberValue(v);
        else if (type == typeof(sbyte[])) foreach (var v in (sbyte[])value) writer.WriteNumberValue(v);
        else if (type == typeof(ulong[])) foreach (var v in (ulong[])value) writer.WriteNumberValue(v);
        else if (type == typeof(uint[])) foreach (var v in (uint[])value) writer.WriteNumberValue(v);
        else if (type == typeof(ushort[])) foreach (var v in (ushort[])value) writer.WriteNumberValue(v);
        else if (type == typeof(byte[])) foreach (var v in (byte[])value) writer.WriteNumberValue(v);
        else if (type == typeof(bool[])) foreach (var v in (bool[])value) writer.WriteBooleanValue(v);
        else if (type == typeof(string[])) foreach (var v in (string[])value) writer.WriteStringValue(v);
        else throw new NotSupportedException($"Tensor element type '{type.GetElementType()}' has no protocol datatype.");

        writer.WriteEndArray();
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
