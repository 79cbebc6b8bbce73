namespace Slipway.Delivery.Images;

/// <summary>A push failed; the message names the reference and carries the daemon's (redacted) reason.</summary>
public sealed class ImagePushException : Exception
{
    public ImagePushException()
        : base("The image push failed.")
    {
    }

    public ImagePushException(string message)
        : base(message)
    {
    }

    public ImagePushException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
