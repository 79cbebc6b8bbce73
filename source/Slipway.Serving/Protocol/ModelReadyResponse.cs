using System.Text.Json.Serialization;

namespace Slipway.Serving.Protocol;

public sealed record ModelReadyResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("ready")] bool Ready);
