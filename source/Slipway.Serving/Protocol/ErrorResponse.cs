using System.Text.Json.Serialization;

namespace Slipway.Serving.Protocol;

/// <summary>The protocol's error body: one message that says what was wrong.</summary>
public sealed record ErrorResponse([property: JsonPropertyName("error")] string Error);
