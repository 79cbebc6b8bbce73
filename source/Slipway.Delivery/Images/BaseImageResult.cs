namespace Slipway.Delivery.Images;

/// <summary>The base image to build on and how it was obtained.</summary>
public sealed record BaseImageResult(string Reference, string ImageId, long Size, BaseImagePath Path, TimeSpan Duration)
{
    /// <summary>"pulled", "reused" or "bootstrapped".</summary>
    public string PathName => Path.ToString().ToLowerInvariant();
}
