using System.Text.Json.Serialization;

namespace Slipway.Serving.Protocol;

public sealed record ReadyResponse(
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null);
