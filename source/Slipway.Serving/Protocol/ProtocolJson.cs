using System.Text.Encodings.Web;
using System.Text.Json;

namespace Slipway.Serving.Protocol;

/// <summary>The source-generated context with relaxed escaping, so error messages read "'text'" rather than "\u0027text\u0027".</summary>
public static class ProtocolJson
{
    /// <summary>
    /// The content type of every JSON answer, errors included: exactly <c>application/json</c>, without a charset (JSON is
    /// UTF-8 by definition), because the KServe client reads an error's text only for that exact type.
    /// </summary>
    public const string ContentType = "application/json";

    public static ProtocolJsonContext Context { get; } = new(new JsonSerializerOptions(ProtocolJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
