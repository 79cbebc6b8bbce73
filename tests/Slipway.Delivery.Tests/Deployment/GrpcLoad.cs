using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Serving.Grpc;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// Drives ModelInfer calls through the edge's gRPC address from several concurrent clients until stopped, each client on
/// its own channel (one HTTP/2 connection it keeps, as a gRPC user's client does), recording each call's start, latency,
/// outcome and the colour that answered.
/// </summary>
public sealed class GrpcLoad : IAsyncDisposable
{
    private readonly ConcurrentQueue<LoadSample> _samples = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public GrpcLoad(Uri edgeGrpc, string model, int clients = 4)
    {
        _workers = Enumerable.Range(0, clients).Select(_ => Task.Run(() => RunAsync(edgeGrpc, model))).ToArray();
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<LoadSample> Samples => [.. _samples];

    public async Task<IReadOnlyList<LoadSample>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return Samples;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    /// <summary>One MiniLM ModelInfer through the edge: the colour that answered and the output's shape.</summary>
    internal static async Task<(string Colour, long[] Shape)> InferAsync(GRPCInferenceService.GRPCInferenceServiceClient client, string model, CancellationToken cancellationToken = default)
    {
        using var call = client.ModelInferAsync(Request(model), deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
        var headers = await call.ResponseHeadersAsync;
        var response = await call.ResponseAsync;
        var colour = headers.GetValue(NginxConfig.ColourHeader.ToLowerInvariant()) ?? "(no colour header)";
        return (colour, response.Outputs.Single().Shape.ToArray());
    }

    internal static ModelInferRequest Request(string model)
    {
        var request = new ModelInferRequest { ModelName = model };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "text", Datatype = "BYTES", Shape = { 1 }, Contents = new InferTensorContents() };
        input.Contents.BytesContents.Add(Google.Protobuf.ByteString.CopyFromUtf8("zero downtime deploys over gRPC"));
        request.Inputs.Add(input);
        return request;
    }

    private async Task RunAsync(Uri edgeGrpc, string model)
    {
        // A client as the README advises: one channel, its connection kept, and gRPC's standard retry policy. A call that
        // .NET starts on a connection the old edge worker is closing (its GOAWAY crossing the new stream) fails as Internal
        // about once in a thousand switches' calls without it; ModelInfer is idempotent, so a retry is safe.
        var retry = new Grpc.Net.Client.Configuration.MethodConfig
        {
            Names = { Grpc.Net.Client.Configuration.MethodName.Default },
            RetryPolicy = new Grpc.Net.Client.Configuration.RetryPolicy
            {
                MaxAttempts = 3,
                InitialBackoff = TimeSpan.FromMilliseconds(50),
                MaxBackoff = TimeSpan.FromMilliseconds(500),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { Grpc.Core.StatusCode.Unavailable, Grpc.Core.StatusCode.Internal },
            },
        };
        using var channel = GrpcChannel.ForAddress(edgeGrpc, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { UseProxy = false },
            ServiceConfig = new Grpc.Net.Client.Configuration.ServiceConfig { MethodConfigs = { retry } },
        });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        while (!_stop.IsCancellationRequested)
        {
            var started = _clock.Elapsed;
            string? colour = null;
            string? error = null;
            try
            {
                (colour, _) = await InferAsync(client, model);
            }
            catch (RpcException exception)
            {
                error = $"{exception.StatusCode}: {exception.Status.Detail}";
            }

            _samples.Enqueue(new LoadSample(started, _clock.Elapsed - started, colour, error));
        }
    }
}
