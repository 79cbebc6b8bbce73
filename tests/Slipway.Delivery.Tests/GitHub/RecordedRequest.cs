using System.Text.Json.Nodes;

namespace Slipway.Delivery.Tests.GitHub;

/// <summary>A request the GitHub stand-in received.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, JsonNode? Body);
