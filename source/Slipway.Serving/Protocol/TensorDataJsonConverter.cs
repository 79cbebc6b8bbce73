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
        switch (value)
        {
            case float[] a: foreach (var v in a) WriteFloat(writer, v); break;
            case double[] a: foreach (var v in a) WriteDouble(writer, v); break;
            case Float16[] a: foreach (var v in a) WriteFloat(writer, (float)v); break;
            case long[] a: foreach (var v in a) writer.WriteNumberValue(v); break;
            case int[] a: foreach (var v in a) writer.WriteNumberValue(v); break;
            case short[] a: foreach (var v in a) writer.WriteNumberValue(v); break;
            case sbyte[] a: foreach (var v in a) writer.WriteNumberValue(v); break;
            case ulong[] a: foreach (var v in a) writer.WriteNumberValue(v); break;
            case uint[] a: foreach (var v in a) writer.WriteNumberValue(v); break;
            case ushort[] a: foreach (var v in a) writer.WriteNumberValue(v); break;
            case byte[] a: foreach (var v in a) writer.WriteNumberValue(v); break;
            case bool[] a: foreach (var v in a) writer.WriteBooleanValue(v); break;
            case string[] a: foreach (var v in a) writer.WriteStringValue(v); break;
            default: throw new NotSupportedException($"Tensor element type '{value.GetType().GetElementType()}' has no protocol datatype.");
        }

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
