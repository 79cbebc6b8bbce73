namespace Slipway.Delivery.Images;

/// <summary>One pushed reference and the manifest digest the registry holds for it.</summary>
public sealed record PushedTag(string Reference, string Digest)
{
    /// <summary>"registry/path@sha256:…", the immutable reference to deploy.</summary>
    public string PinnedReference => $"{Reference[..Reference.LastIndexOf(':')]}@{Digest}";
}
