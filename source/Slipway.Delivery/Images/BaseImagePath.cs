namespace Slipway.Delivery.Images;

/// <summary>How the base image was obtained (written lower-case into image.json).</summary>
public enum BaseImagePath
{
    /// <summary>Pulled from its registry.</summary>
    Pulled,

    /// <summary>Already present locally (an earlier bootstrap of the same recipe, or an earlier pull).</summary>
    Reused,

    /// <summary>Bootstrapped now from Debian packages.</summary>
    Bootstrapped,
}
