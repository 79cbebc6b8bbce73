using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Slipway.Serving.Protocol;
using Slipway.Serving.Repository;

namespace Slipway.Serving.Apis;

/// <summary><c>GET /v2</c>, <c>GET /v2/health/live</c>, <c>GET /v2/health/ready</c>.</summary>
public static class ServerApis
{
    public const string ServerName = "slipway-serving";

    public static readonly string ServerVersion =
        typeof(ServerApis).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapServerApis(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v2", GetMetadata);
        endpoints.MapGet("/v2/health/live", GetLive);
        endpoints.MapGet("/v2/health/ready", GetReady);
        return endpoints;
    }

    public static JsonHttpResult<ServerMetadataResponse> GetMetadata() =>
        ProtocolResults.Json(new ServerMetadataResponse(ServerName, ServerVersion, [BinaryTensorData.Extension]), ProtocolJson.Context.ServerMetadataResponse);

    /// <summary>Live as long as the process answers; model state does not matter here.</summary>
    public static JsonHttpResult<LiveResponse> GetLive() =>
        ProtocolResults.Json(new LiveResponse(true), ProtocolJson.Context.LiveResponse);

    /// <summary>200 only when every model is loaded and warmed up and the server is not shutting down; else 503 with the reason.</summary>
    public static JsonHttpResult<ReadyResponse> GetReady(ModelRegistry registry) =>
        registry.IsReady
            ? ProtocolResults.Json(new ReadyResponse(true), ProtocolJson.Context.ReadyResponse)
            : ProtocolResults.Json(new ReadyResponse(false, registry.NotReadyReason), ProtocolJson.Context.ReadyResponse, StatusCodes.Status503ServiceUnavailable);
}
