using System.Text.Json;
using Docker.DotNet;

namespace Slipway.Delivery.Images;

internal static class DockerErrors
{
    /// <summary>The daemon's own message from an API error body (<c>{"message": "…"}</c>), else the exception message.</summary>
    internal static string Describe(DockerApiException exception)
    {
        try
        {
            using var body = JsonDocument.Parse(exception.ResponseBody ?? "null");
            if (body.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the exception's own message.
        }

        return string.IsNullOrWhiteSpace(exception.ResponseBody) ? exception.Message : exception.ResponseBody.Trim();
    }
}
