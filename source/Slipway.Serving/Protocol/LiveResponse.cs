using System.Text.Json.Serialization;

namespace Slipway.Serving.Protocol;

public sealed record LiveResponse([property: JsonPropertyName("live")] bool Live);
