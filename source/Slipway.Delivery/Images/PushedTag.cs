namespace Slipway.Delivery.Images;

/// <summary>One pushed reference and the manifest digest the registry holds for it.</summary>
public sealed record PushedTag(
    [property: System.Text.Json.Serialization.JsonPropertyName("reference")] string Reference,
    [property: System.Text.Json.Serialization.JsonPropertyName("digest")] string Digest)
{
    /// <summary>"registry/path@sha256:…", the immutable reference to deploy.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("pinned")]
    public string PinnedReference => $"{Reference[..Reference.LastIndexOf(':')]}@{Digest}";
}
