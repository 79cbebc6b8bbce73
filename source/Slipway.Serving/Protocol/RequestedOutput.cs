using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Serving.Protocol;

/// <summary>An output the client asks for; when a request lists none, every output is returned.</summary>
public sealed class RequestedOutput
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("parameters")] public Dictionary<string, JsonElement>? Parameters { get; set; }
}
