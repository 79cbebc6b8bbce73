using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Serving.Protocol;

/// <summary>Open Inference Protocol inference request.</summary>
public sealed class InferRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("parameters")] public Dictionary<string, JsonElement>? Parameters { get; set; }
    [JsonPropertyName("inputs")] public List<InferInput?>? Inputs { get; set; }
    [JsonPropertyName("outputs")] public List<RequestedOutput?>? Outputs { get; set; }
}
