using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Serving.Protocol;

/// <summary>One input tensor of an inference request; <see cref="Data"/> is flat or nested row-major.</summary>
public sealed class InferInput
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("shape")] public List<long>? Shape { get; set; }
    [JsonPropertyName("datatype")] public string? Datatype { get; set; }
    [JsonPropertyName("parameters")] public Dictionary<string, JsonElement>? Parameters { get; set; }
    [JsonPropertyName("data")] public JsonElement Data { get; set; }
}
