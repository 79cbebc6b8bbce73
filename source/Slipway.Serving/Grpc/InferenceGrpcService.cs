using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Slipway.Serving.Apis;
using Slipway.Serving.Configuration;
using Slipway.Serving.Inference;
using Slipway.Serving.Protocol;
using Slipway.Serving.Repository;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Grpc;

/// <summary>
/// The Open Inference Protocol over gRPC (<c>inference.GRPCInferenceService</c>), on the same registry, validation,
/// batching and metrics as REST (<see cref="InferenceCall"/>). Outputs go back in <c>raw_output_contents</c>; inputs
/// may come typed (<c>contents</c>) or raw (<c>raw_input_contents</c>). Errors carry the REST message with the matching status code.
/// </summary>
public sealed class InferenceGrpcService(ModelRegistry registry, IOptions<BatchingOptions> batching, ILoggerFactory loggers)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    private readonly ILogger _logger = loggers.CreateLogger(typeof(InferenceGrpcService).FullName!);

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = registry.IsReady });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Task.FromResult(Answer(() => new ModelReadyResponse { Ready = registry.Resolve(request.Name, Version(request.Version)).State == ModelState.Ready }));

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse { Name = ServerApis.ServerName, Version = ServerApis.ServerVersion, Extensions = { BinaryTensorData.Extension } });

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(Answer(() =>
        {
            var served = registry.Resolve(request.Name, Version(request.Version));
            var definition = served.Definition
                ?? throw ProtocolException.Unavailable(served.NotReadyReason ?? $"model '{request.Name}' has no valid manifest.");
            var response = new ModelMetadataResponse { Name = definition.Name, Platform = definition.Platform };
            response.Versions.AddRange(Version(request.Version) is null ? registry.Versions(request.Name).Select(v => v.Version) : [definition.Version]);
            response.Inputs.AddRange(definition.Inputs.Select(Metadata));
            response.Outputs.AddRange(definition.Outputs.Select(Metadata));
            return response;
        }));

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var call = new InferenceCall(request.ModelName, Version(request.ModelVersion));
        try
        {
            var (served, definition) = call.Resolve(registry);
            RefuseUnsupported(request);
            var inputs = InferenceCall.Decode(Inputs(request), definition);
            var wanted = InferenceCall.SelectOutputs([.. request.Outputs.Select(o => o.Name)], definition);
            var outputs = await served.InferAsync(inputs, context.CancellationToken).ConfigureAwait(false);

            var response = new ModelInferResponse { ModelName = definition.Name, ModelVersion = definition.Version, Id = request.Id };
            foreach (var output in outputs.Where(o => wanted.Contains(o.Name)))
            {
                var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.Datatype.ToProtocolName() };
                tensor.Shape.AddRange(output.Shape);
                response.Outputs.Add(tensor);
                response.RawOutputContents.Add(UnsafeByteOperations.UnsafeWrap(RawTensors.ToArray(output)));
            }

            call.Succeeded();
            return response;
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            var failure = call.Fail(exception, context.GetHttpContext().TraceIdentifier, context.CancellationToken, _logger);
            var trailers = new Metadata();
            if (failure.RetryLater)
            {
                trailers.Add("retry-after", batching.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            throw new RpcException(new Status(StatusFor(failure.StatusCode), failure.Message), trailers);
        }
    }

    /// <summary>The gRPC status for an answer that REST gives with <paramref name="httpStatus"/>.</summary>
    public static StatusCode StatusFor(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.InvalidArgument,
        401 => StatusCode.Unauthenticated,
        404 => StatusCode.NotFound,
        413 => StatusCode.ResourceExhausted,
        499 => StatusCode.Cancelled,
        503 => StatusCode.Unavailable,
        500 => StatusCode.Internal,
        _ => StatusCode.Unknown,
    };

    private static List<IWireTensor?> Inputs(ModelInferRequest request)
    {
        var raw = request.RawInputContents;
        if (raw.Count > 0)
        {
            if (raw.Count != request.Inputs.Count)
            {
                throw ProtocolException.BadRequest(
                    $"the request has {raw.Count} raw_input_contents for {request.Inputs.Count} input(s); send one raw_input_contents entry per input, in input order, or none.");
            }

            if (request.Inputs.FirstOrDefault(i => i.Contents is not null) is { } both)
            {
                throw ProtocolException.BadRequest($"input '{both.Name}' has 'contents' although the request uses raw_input_contents; send every input one way.");
            }
        }

        return [.. request.Inputs.Select((input, i) => (IWireTensor?)new GrpcInputTensor(input, raw.Count > 0 ? raw[i] : null))];
    }

    private static void RefuseUnsupported(ModelInferRequest request)
    {
        foreach (var (parameters, where) in request.Inputs.Select(i => (i.Parameters, $"input '{i.Name}'"))
                     .Concat(request.Outputs.Select(o => (o.Parameters, $"output '{o.Name}'"))))
        {
            if (parameters.ContainsKey("shared_memory_region"))
            {
                throw ProtocolException.BadRequest($"{where} uses the shared-memory extension, which this server does not offer; send the tensor in the request.");
            }

            if (parameters.ContainsKey("classification"))
            {
                throw ProtocolException.BadRequest($"{where} asks for the classification extension, which this server does not offer; request the output itself.");
            }
        }
    }

    private static ModelMetadataResponse.Types.TensorMetadata Metadata(TensorSpec spec)
    {
        var metadata = new ModelMetadataResponse.Types.TensorMetadata { Name = spec.Name, Datatype = spec.Datatype.ToProtocolName() };
        metadata.Shape.AddRange(spec.Shape);
        return metadata;
    }

    /// <summary>An empty version means the model's default version, as in the protocol.</summary>
    private static string? Version(string version) => string.IsNullOrEmpty(version) ? null : version;

    private static T Answer<T>(Func<T> answer)
    {
        try
        {
            return answer();
        }
        catch (ProtocolException exception)
        {
            throw new RpcException(new Status(StatusFor(exception.StatusCode), exception.Message));
        }
    }
}
