using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using Slipway.Serving.Grpc;

namespace Slipway.Delivery.Deployment.Gates;

public sealed partial class CandidateGates
{
    private static readonly TimeSpan GrpcCallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The gRPC gate, for a service that speaks gRPC: <c>ServerReady</c> and <c>ModelReady</c> must say ready and one
    /// <c>ModelInfer</c> of the smoke request (built from the model's metadata, read over REST like the smoke gate) must
    /// return outputs that match the metadata. Throws <see cref="GateFailedException"/> (gate "grpc") naming the call and what was wrong.
    /// </summary>
    /// <param name="baseAddress">The service's REST address (for the model's metadata).</param>
    /// <param name="grpcAddress">The service's gRPC address (HTTP/2 cleartext), e.g. <c>http://127.0.0.1:8082</c>.</param>
    public static async Task GrpcAsync(Uri baseAddress, Uri grpcAddress, string model, string? apiKey = null, CancellationToken cancellationToken = default)
    {
        var metadataUri = new Uri(baseAddress, $"v2/models/{Uri.EscapeDataString(model)}");
        HttpStatusCode status;
        string metadataText;
        try
        {
            using var metadataRequest = ServiceRequest.Get(metadataUri, apiKey);
            using var metadataResponse = await Http.SendAsync(metadataRequest, cancellationToken).ConfigureAwait(false);
            status = metadataResponse.StatusCode;
            metadataText = await metadataResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new GateFailedException("grpc", $"GET {metadataUri} failed ({exception.Message}); the gRPC gate needs the metadata of model '{model}'.");
        }

        if (status != HttpStatusCode.OK || SmokeInference.Parse(metadataText) is not JsonObject metadata)
        {
            throw new GateFailedException("grpc",
                $"GET {metadataUri} answered HTTP {(int)status} ({Shorten(metadataText)}); the gRPC gate needs the metadata of model '{model}'.");
        }

        var request = GrpcInference.Request(model, SmokeInference.RequestBody(metadataText));
        using var channel = GrpcChannel.ForAddress(grpcAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) },
            DisposeHttpClient = true,
            ThrowOperationCanceledOnCancellation = true,
        });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var server = await CallAsync(grpcAddress, "ServerReady", () => client.ServerReadyAsync(new ServerReadyRequest(), Options(apiKey, cancellationToken)).ResponseAsync, cancellationToken).ConfigureAwait(false);
        if (!server.Ready)
            throw new GateFailedException("grpc", $"ServerReady on {grpcAddress} answered ready=false while GET {baseAddress}v2/health/ready said ready; the gRPC service does not see the models as loaded.");

        var ready = await CallAsync(grpcAddress, "ModelReady", () => client.ModelReadyAsync(new ModelReadyRequest { Name = model }, Options(apiKey, cancellationToken)).ResponseAsync, cancellationToken).ConfigureAwait(false);
        if (!ready.Ready)
            throw new GateFailedException("grpc", $"ModelReady(name '{model}') on {grpcAddress} answered ready=false; is '{model}' the model the image serves?");

        var response = await CallAsync(grpcAddress, "ModelInfer", () => client.ModelInferAsync(request, Options(apiKey, cancellationToken)).ResponseAsync, cancellationToken).ConfigureAwait(false);
        var problems = SmokeInference.Check(metadata, GrpcInference.Response(response));
        if (problems.Count > 0)
        {
            throw new GateFailedException("grpc",
                $"ModelInfer of the smoke request on model '{model}' over gRPC ({grpcAddress}) does not match the model's metadata: {string.Join("; ", problems)}.");
        }
    }

    private static CallOptions Options(string? apiKey, CancellationToken cancellationToken) =>
        new(headers: ServiceRequest.GrpcHeaders(apiKey), deadline: DateTime.UtcNow + GrpcCallTimeout, cancellationToken: cancellationToken);

    private static async Task<T> CallAsync<T>(Uri grpcAddress, string method, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            var hint = exception.StatusCode == StatusCode.Unavailable
                ? " Nothing answered gRPC there: does the service listen at its Serving__GrpcUrl (HTTP/2 cleartext)?"
                : "";
            throw new GateFailedException("grpc", $"{method} on {grpcAddress} failed with gRPC status {exception.StatusCode}: {exception.Status.Detail}.{hint}");
        }
    }
}
