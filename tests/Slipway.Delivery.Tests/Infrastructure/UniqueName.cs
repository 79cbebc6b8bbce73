namespace Slipway.Delivery.Tests.Infrastructure;

/// <summary>Names for containers, images and networks that never collide with other tests or engineers' runs.</summary>
public static class UniqueName
{
    /// <summary>e.g. "slipway-test-image-3f9c1a2b" — lower-case, valid as a container name and image repository.</summary>
    public static string Create(string prefix) => $"slipway-test-{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
