using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Slipway.Serving.Protocol;

namespace Slipway.Serving.Apis;

/// <summary>The protocol's JSON answers, with the exact content type <see cref="ProtocolJson.ContentType"/>.</summary>
public static class ProtocolResults
{
    /// <summary>The protocol's <c>{"error": "..."}</c> body with a status code.</summary>
    public static JsonHttpResult<ErrorResponse> Error(int statusCode, string message) =>
        TypedResults.Json(new ErrorResponse(message), ProtocolJson.Context.ErrorResponse, ProtocolJson.ContentType, statusCode);

    /// <summary>A JSON answer of the protocol.</summary>
    public static JsonHttpResult<T> Json<T>(T value, JsonTypeInfo<T> type, int? statusCode = null) =>
        TypedResults.Json(value, type, ProtocolJson.ContentType, statusCode);
}
