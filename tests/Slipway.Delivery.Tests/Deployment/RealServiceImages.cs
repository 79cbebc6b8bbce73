namespace Slipway.Delivery.Tests.Deployment;

/// <summary>The real service image and a variant of it with one more label: a different image id, the same service.</summary>
public sealed record RealServiceImages(string Image, string Next);
