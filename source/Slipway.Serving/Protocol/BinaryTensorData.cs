using System.Globalization;
using System.Text.Json;
using Slipway.Serving.Inference;

namespace Slipway.Serving.Protocol;

/// <summary>
/// The binary tensor data extension of the REST protocol (Triton's <c>binary_tensor_data</c>, the default of the KServe
/// and Triton client libraries): the body is a JSON header of <c>Inference-Header-Content-Length</c> bytes, then the raw
/// bytes of every input that has <c>parameters.binary_data_size</c>, in input order. Outputs come back the same way when
/// asked with <c>binary_data</c> (per output) or <c>binary_data_output</c> (per request).
/// </summary>
public static class BinaryTensorData
{
    public const string Extension = "binary_tensor_data";
    public const string HeaderLength = "Inference-Header-Content-Length";
    public const string DataSize = "binary_data_size";
    public const string OutputFlag = "binary_data";
    public const string RequestOutputFlag = "binary_data_output";

    /// <summary>
    /// Parses a whole request body: JSON when <paramref name="headerLength"/> is null, else the JSON header and each binary
    /// input's slice of the rest (the slices share <paramref name="body"/>). Every inconsistency is a precise 400.
    /// </summary>
    public static InferRequest Parse(ReadOnlyMemory<byte> body, string? headerLength)
    {
        if (headerLength is null)
        {
            var plain = Deserialize(body.Span, "request body",
                $" If the body carries binary tensor data, send the '{HeaderLength}' header with the length of its JSON part.");
            foreach (var input in plain.Inputs ?? [])
            {
                if (input is not null && DeclaredSize(input) is not null)
                {
                    throw ProtocolException.BadRequest(
                        $"input '{input.Name}' has parameters.{DataSize} but the request has no '{HeaderLength}' header; send the header with the length in bytes of the JSON part, or send the input's 'data' as JSON.");
                }
            }

            return plain;
        }

        if (!long.TryParse(headerLength, NumberStyles.None, CultureInfo.InvariantCulture, out var jsonLength))
        {
            throw ProtocolException.BadRequest($"'{HeaderLength}' is '{headerLength}'; it must be the length in bytes of the JSON part of the body (a whole number).");
        }

        if (jsonLength == 0 || jsonLength > body.Length)
        {
            throw ProtocolException.BadRequest(
                $"'{HeaderLength}' is {jsonLength} but the body has {body.Length} byte(s); the header must give the length of the JSON part, which comes first in the body.");
        }

        var request = Deserialize(body.Span[..(int)jsonLength], $"the first {jsonLength} bytes of the body (the JSON header)", "");
        var offset = (int)jsonLength;
        var inputs = request.Inputs ?? [];
        foreach (var input in inputs)
        {
            if (input is null || DeclaredSize(input) is not { } size)
            {
                continue;
            }

            if (input.Data.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                throw ProtocolException.BadRequest($"input '{input.Name}' has both 'data' and parameters.{DataSize}; send its elements one way only.");
            }

            var remaining = body.Length - offset;
            if (size > remaining)
            {
                throw ProtocolException.BadRequest(
                    $"input '{input.Name}' declares {DataSize} {size}, but only {remaining} byte(s) of the body remain after the JSON header and the binary inputs before it.");
            }

            input.Binary = body.Slice(offset, (int)size);
            offset += (int)size;
        }

        if (offset != body.Length)
        {
            var binary = body.Length - (int)jsonLength;
            throw ProtocolException.BadRequest(
                $"the body has {binary} byte(s) after the {jsonLength}-byte JSON header, but the inputs' {DataSize} add up to {offset - (int)jsonLength}; every byte after the header must belong to an input.");
        }

        return request;
    }

    /// <summary>Whether the output <paramref name="name"/> goes back as raw bytes: its own <c>binary_data</c>, else the request's <c>binary_data_output</c>.</summary>
    public static bool WantsBinary(InferRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outputs = request.Outputs ?? [];
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i] is { } output && output.Name == name && Flag(output.Parameters, OutputFlag, $"outputs[{i}] ('{name}')") is { } own)
            {
                return own;
            }
        }

        return Flag(request.Parameters, RequestOutputFlag, "the request") ?? false;
    }

    /// <summary>Refuses the parameters of extensions this service does not implement, instead of silently ignoring them.</summary>
    public static void RefuseUnsupported(InferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (parameters, where) in (request.Inputs ?? []).Select(i => (i?.Parameters, $"input '{i?.Name}'"))
                     .Concat((request.Outputs ?? []).Select(o => (o?.Parameters, $"output '{o?.Name}'"))))
        {
            if (parameters is null)
            {
                continue;
            }

            if (parameters.ContainsKey("shared_memory_region"))
            {
                throw ProtocolException.BadRequest($"{where} uses the shared-memory extension, which this server does not offer; send the tensor in the request (JSON or binary).");
            }

            if (parameters.ContainsKey("classification"))
            {
                throw ProtocolException.BadRequest($"{where} asks for the classification extension, which this server does not offer; request the output itself.");
            }
        }
    }

    private static long? DeclaredSize(InferInput input)
    {
        if (input.Parameters is null || !input.Parameters.TryGetValue(DataSize, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var size) || size < 0 || size > int.MaxValue)
        {
            throw ProtocolException.BadRequest($"input '{input.Name}' has parameters.{DataSize} {value.GetRawText()}; it must be a whole number of bytes, 0 or more.");
        }

        return size;
    }

    private static bool? Flag(Dictionary<string, JsonElement>? parameters, string key, string where)
    {
        if (parameters is null || !parameters.TryGetValue(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ProtocolException.BadRequest($"{where} has parameters.{key} {value.GetRawText()}; it must be true or false."),
        };
    }

    private static InferRequest Deserialize(ReadOnlySpan<byte> json, string what, string hint)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ProtocolJson.Context.InferRequest)
                ?? throw ProtocolException.BadRequest($"{what} is JSON null; send a JSON object with 'inputs'.");
        }
        catch (JsonException exception)
        {
            throw new ProtocolException(StatusCodes.Status400BadRequest, $"{what} is not a valid inference request: {exception.Message}{hint}", exception);
        }
    }
}
