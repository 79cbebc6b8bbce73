using Microsoft.AspNetCore.Http.HttpResults;
using Slipway.Serving.Inference;
using Slipway.Serving.Protocol;
using Slipway.Serving.Repository;
using Slipway.Serving.Tensors;

namespace Slipway.Serving.Apis;

/// <summary>Model metadata and readiness: <c>GET /v2/models/{model}[/versions/{version}][/ready]</c>.</summary>
public static class ModelApis
{
    public static IEndpointRouteBuilder MapModelApis(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v2/models/{model}", GetMetadata);
        endpoints.MapGet("/v2/models/{model}/versions/{version}", GetVersionMetadata);
        endpoints.MapGet("/v2/models/{model}/ready", GetReady);
        endpoints.MapGet("/v2/models/{model}/versions/{version}/ready", GetVersionReady);
        return endpoints;
    }

    public static Results<JsonHttpResult<ModelMetadataResponse>, JsonHttpResult<ErrorResponse>> GetMetadata(string model, ModelRegistry registry) =>
        Metadata(model, null, registry);

    public static Results<JsonHttpResult<ModelMetadataResponse>, JsonHttpResult<ErrorResponse>> GetVersionMetadata(string model, string version, ModelRegistry registry) =>
        Metadata(model, version, registry);

    public static Results<JsonHttpResult<ModelReadyResponse>, JsonHttpResult<ErrorResponse>> GetReady(string model, ModelRegistry registry) =>
        Ready(model, null, registry);

    public static Results<JsonHttpResult<ModelReadyResponse>, JsonHttpResult<ErrorResponse>> GetVersionReady(string model, string version, ModelRegistry registry) =>
        Ready(model, version, registry);

    private static Results<JsonHttpResult<ModelMetadataResponse>, JsonHttpResult<ErrorResponse>> Metadata(string model, string? version, ModelRegistry registry)
    {
        try
        {
            var served = registry.Resolve(model, version);
            if (served.Definition is not { } definition)
            {
                return ProtocolResults.Error(StatusCodes.Status503ServiceUnavailable, served.NotReadyReason ?? $"model '{model}' has no valid manifest.");
            }

            var versions = registry.Versions(model).Select(v => v.Version).ToArray();
            return ProtocolResults.Json(
                new ModelMetadataResponse(
                    definition.Name,
                    version is null ? versions : [definition.Version],
                    definition.Platform,
                    [.. definition.Inputs.Select(i => new TensorMetadata(i.Name, i.Datatype.ToProtocolName(), i.Shape))],
                    [.. definition.Outputs.Select(o => new TensorMetadata(o.Name, o.Datatype.ToProtocolName(), o.Shape))],
                    // a classifier names its classes, in the order of its probabilities' columns
                    definition.TextClassification is { } classification
                        ? new Dictionary<string, string> { ["kind"] = definition.Kind, ["classes"] = string.Join(',', classification.Classes) }
                        : null),
                ProtocolJson.Context.ModelMetadataResponse);
        }
        catch (ProtocolException exception)
        {
            return ProtocolResults.Error(exception.StatusCode, exception.Message);
        }
    }

    private static Results<JsonHttpResult<ModelReadyResponse>, JsonHttpResult<ErrorResponse>> Ready(string model, string? version, ModelRegistry registry)
    {
        try
        {
            var served = registry.Resolve(model, version);
            return served.State == ModelState.Ready
                ? ProtocolResults.Json(new ModelReadyResponse(served.Name, served.Version, true), ProtocolJson.Context.ModelReadyResponse)
                : ProtocolResults.Error(StatusCodes.Status503ServiceUnavailable, served.NotReadyReason!);
        }
        catch (ProtocolException exception)
        {
            return ProtocolResults.Error(exception.StatusCode, exception.Message);
        }
    }
}
