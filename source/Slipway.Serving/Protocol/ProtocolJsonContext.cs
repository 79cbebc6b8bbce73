using System.Text.Json.Serialization;
using Slipway.Serving.Repository;

namespace Slipway.Serving.Protocol;

/// <summary>Source-generated serialisation for every protocol and manifest type, so trimmed builds keep working.</summary>
[JsonSourceGenerationOptions(
    MaxDepth = 64,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(InferRequest))]
[JsonSerializable(typeof(InferResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ServerMetadataResponse))]
[JsonSerializable(typeof(ModelMetadataResponse))]
[JsonSerializable(typeof(LiveResponse))]
[JsonSerializable(typeof(ReadyResponse))]
[JsonSerializable(typeof(ModelReadyResponse))]
[JsonSerializable(typeof(ModelManifest))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
