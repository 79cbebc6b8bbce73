using System.Text.Json.Serialization;

namespace Slipway.Delivery.Probes;

/// <summary>One recorded probe: its id, the inputs that were sent and the outputs the model gave.</summary>
public sealed record ProbeReference(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("inputs")] IReadOnlyList<ProbeInput> Inputs,
    [property: JsonPropertyName("outputs")] IReadOnlyList<ProbeOutput> Outputs)
{
    /// <summary>The probe to send again.</summary>
    [JsonIgnore]
    public Probe Probe => new(Id, Inputs);
}
