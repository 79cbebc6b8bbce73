using System.Text.Encodings.Web;
using System.Text.Json;

namespace Slipway.Serving.Protocol;

/// <summary>The source-generated context with relaxed escaping, so error messages read "'text'" rather than "\u0027text\u0027".</summary>
public static class ProtocolJson
{
    public static ProtocolJsonContext Context { get; } = new(new JsonSerializerOptions(ProtocolJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
