using System.Text.Json;
using System.Text.Json.Serialization;

namespace Slipway.Delivery.Probes;

/// <summary>Writes <see cref="ProbeVerdict"/> in the ledger's style ("new-model"), whatever the serializer options.</summary>
public sealed class ProbeVerdictJsonConverter() : JsonStringEnumConverter<ProbeVerdict>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
