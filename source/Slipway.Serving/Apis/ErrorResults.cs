using Microsoft.AspNetCore.Http.HttpResults;
using Slipway.Serving.Protocol;

namespace Slipway.Serving.Apis;

/// <summary>The protocol's <c>{"error": "..."}</c> body with a status code.</summary>
public static class ErrorResults
{
    public static JsonHttpResult<ErrorResponse> Error(int statusCode, string message) =>
        TypedResults.Json(new ErrorResponse(message), ProtocolJson.Context.ErrorResponse, statusCode: statusCode);
}
