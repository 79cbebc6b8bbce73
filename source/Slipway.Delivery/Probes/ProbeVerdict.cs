using System.Text.Json.Serialization;

namespace Slipway.Delivery.Probes;

/// <summary>What the golden probes found; written as "passed", "rejected" or "new-model".</summary>
[JsonConverter(typeof(ProbeVerdictJsonConverter))]
public enum ProbeVerdict
{
    /// <summary>The same model files as the references, and every probe gives the referenced outputs within the tolerance.</summary>
    Passed,

    /// <summary>The same model files give other outputs, or a probe could not be sent: the candidate must not take traffic.</summary>
    Rejected,

    /// <summary>Other model files than the references (or no references): the outputs were recorded as the new references.</summary>
    NewModel,
}
