using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Net.Client;
using Slipway.Serving.Grpc;

namespace Slipway.Serving.Benchmarks;

/// <summary>One way of asking the service for the embedding of one sentence.</summary>
internal abstract class InferenceClient(string name)
{
    public const string Model = "minilm";
    public const int Dimension = 384;
    protected const int EmbeddingBytes = Dimension * sizeof(float);

    public string Name { get; } = name;

    /// <summary>One request, as measured: the whole answer is received and checked to be a success of the expected size.</summary>
    public abstract Task InferAsync();

    /// <summary>The same transport's round trip without inference (REST <c>GET /v2/health/live</c>, gRPC <c>ServerLive</c>): the floor under <see cref="InferAsync"/>.</summary>
    public abstract Task PingAsync();

    /// <summary>One request whose answer is decoded completely and checked (names, datatype, shape), for the check before measuring.</summary>
    public abstract Task<float[]> EmbedAsync();

    /// <summary>The BYTES element on the wire in the binary forms: 4-byte little-endian length, then the UTF-8 bytes.</summary>
    protected static byte[] BytesElement(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var element = new byte[4 + utf8.Length];
        BinaryPrimitives.WriteInt32LittleEndian(element, utf8.Length);
        utf8.CopyTo(element, 4);
        return element;
    }

    protected static float[] Floats(ReadOnlySpan<byte> littleEndian)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the benchmark reads raw tensors as little-endian floats directly");
        }

        return MemoryMarshal.Cast<byte, float>(littleEndian).ToArray();
    }

    /// <summary>Checks an output's description in a JSON answer: name, datatype FP32 and shape [1, 384].</summary>
    protected static JsonElement CheckOutput(JsonElement response, string protocol)
    {
        var outputs = response.GetProperty("outputs");
        if (outputs.GetArrayLength() != 1)
        {
            throw new InvalidOperationException($"{protocol}: expected one output, got {outputs}");
        }

        var output = outputs[0];
        var shape = output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        if (output.GetProperty("name").GetString() != "embedding" || output.GetProperty("datatype").GetString() != "FP32" || !shape.SequenceEqual([1L, Dimension]))
        {
            throw new InvalidOperationException($"{protocol}: expected output 'embedding' FP32 [1, {Dimension}], got {output}");
        }

        return output;
    }
}

/// <summary>JSON REST: <c>POST /v2/models/minilm/infer</c> with the sentence in <c>data</c>; the answer's <c>data</c> holds 384 numbers.</summary>
internal sealed class JsonRestClient(HttpClient http, string sentence) : InferenceClient("JSON REST")
{
    private readonly byte[] _body = Encoding.UTF8.GetBytes(
        $$"""{"inputs":[{"name":"text","shape":[1],"datatype":"BYTES","data":[{{JsonSerializer.Serialize(sentence)}}]}]}""");

    public override async Task InferAsync() => await SendAsync().ConfigureAwait(false);

    public override async Task PingAsync()
    {
        using var response = await http.GetAsync("/v2/health/live").ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public override async Task<float[]> EmbedAsync()
    {
        using var answer = JsonDocument.Parse(await SendAsync().ConfigureAwait(false));
        var data = CheckOutput(answer.RootElement, Name).GetProperty("data");
        var floats = new List<float>(Dimension);
        Flatten(data, floats);
        return floats.Count == Dimension ? [.. floats] : throw new InvalidOperationException($"{Name}: {floats.Count} numbers in 'data', expected {Dimension}");
    }

    private static void Flatten(JsonElement element, List<float> into)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Flatten(item, into);
            }
        }
        else
        {
            into.Add(element.GetSingle());
        }
    }

    private async Task<byte[]> SendAsync()
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"/v2/models/{Model}/infer", content).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? bytes
            : throw new InvalidOperationException($"{Name}: inference answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
    }
}

/// <summary>
/// Binary REST (the binary tensor data extension): a JSON header of <c>Inference-Header-Content-Length</c> bytes, then the
/// BYTES element; the answer is a JSON header of that many bytes, then 384 raw little-endian floats.
/// </summary>
internal sealed class BinaryRestClient : InferenceClient
{
    private const string HeaderLength = "Inference-Header-Content-Length";
    private readonly HttpClient _http;
    private readonly byte[] _body;
    private readonly string _headerLength;

    public BinaryRestClient(HttpClient http, string sentence) : base("binary REST")
    {
        _http = http;
        var element = BytesElement(sentence);
        var header = Encoding.UTF8.GetBytes(
            $$$"""{"inputs":[{"name":"text","shape":[1],"datatype":"BYTES","parameters":{"binary_data_size":{{{element.Length}}}}}],"outputs":[{"name":"embedding","parameters":{"binary_data":true}}]}""");
        _body = [.. header, .. element];
        _headerLength = header.Length.ToString(CultureInfo.InvariantCulture);
    }

    public override async Task InferAsync() => await SendAsync().ConfigureAwait(false);

    public override async Task PingAsync()
    {
        using var response = await _http.GetAsync("/v2/health/live").ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public override async Task<float[]> EmbedAsync()
    {
        var (body, jsonLength) = await SendAsync().ConfigureAwait(false);
        using var header = JsonDocument.Parse(body.AsMemory(0, jsonLength));
        var output = CheckOutput(header.RootElement, Name);
        if (output.TryGetProperty("data", out _)
            || !output.TryGetProperty("parameters", out var parameters)
            || parameters.GetProperty("binary_data_size").GetInt32() != EmbeddingBytes)
        {
            throw new InvalidOperationException($"{Name}: expected the output as {EmbeddingBytes} bytes of binary data, got {output}");
        }

        return Floats(body.AsSpan(jsonLength));
    }

    private async Task<(byte[] Body, int JsonLength)> SendAsync()
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.TryAddWithoutValidation(HeaderLength, _headerLength);
        using var response = await _http.PostAsync($"/v2/models/{Model}/infer", content).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{Name}: inference answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        }

        if (!response.Headers.TryGetValues(HeaderLength, out var values)
            || !int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var jsonLength)
            || bytes.Length != jsonLength + EmbeddingBytes)
        {
            throw new InvalidOperationException(
                $"{Name}: the answer has {bytes.Length} bytes and {HeaderLength} '{string.Join(",", values ?? [])}'; expected a JSON header and {EmbeddingBytes} bytes of floats");
        }

        return (bytes, jsonLength);
    }
}

/// <summary>gRPC: <c>ModelInfer</c> with the sentence in <c>raw_input_contents</c> over one reused channel; <c>raw_output_contents[0]</c> holds 384 floats.</summary>
internal sealed class GrpcClient : InferenceClient, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient _client;
    private readonly ModelInferRequest _request;

    public GrpcClient(Uri address, string sentence) : base("gRPC")
    {
        _channel = GrpcChannel.ForAddress(address);
        _client = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
        _request = new ModelInferRequest
        {
            ModelName = Model,
            Inputs = { new ModelInferRequest.Types.InferInputTensor { Name = "text", Datatype = "BYTES", Shape = { 1 } } },
            Outputs = { new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "embedding" } },
            RawInputContents = { ByteString.CopyFrom(BytesElement(sentence)) },
        };
    }

    public override async Task InferAsync() => await SendAsync().ConfigureAwait(false);

    public override async Task PingAsync()
    {
        if (!(await _client.ServerLiveAsync(new ServerLiveRequest()).ConfigureAwait(false)).Live)
        {
            throw new InvalidOperationException($"{Name}: ServerLive answered live=false");
        }
    }

    public override async Task<float[]> EmbedAsync()
    {
        var response = await SendAsync().ConfigureAwait(false);
        var output = response.Outputs.Single();
        if (output.Name != "embedding" || output.Datatype != "FP32" || !output.Shape.SequenceEqual([1L, Dimension]))
        {
            throw new InvalidOperationException($"{Name}: expected output 'embedding' FP32 [1, {Dimension}], got {output}");
        }

        return Floats(response.RawOutputContents[0].Span);
    }

    public void Dispose() => _channel.Dispose();

    private async Task<ModelInferResponse> SendAsync()
    {
        var response = await _client.ModelInferAsync(_request).ConfigureAwait(false); // a failure is an RpcException
        return response.RawOutputContents.Count == 1 && response.RawOutputContents[0].Length == EmbeddingBytes
            ? response
            : throw new InvalidOperationException($"{Name}: expected one raw output of {EmbeddingBytes} bytes, got {response}");
    }
}
