namespace Slipway.Serving.Inference;

/// <summary>A request the protocol answers with <see cref="StatusCode"/> and <see cref="Exception.Message"/> as the error body.</summary>
public sealed class ProtocolException(int statusCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int StatusCode { get; } = statusCode;

    public static ProtocolException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ProtocolException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ProtocolException Unavailable(string message) => new(StatusCodes.Status503ServiceUnavailable, message);
}
