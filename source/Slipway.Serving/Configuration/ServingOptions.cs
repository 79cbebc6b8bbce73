using System.ComponentModel.DataAnnotations;

namespace Slipway.Serving.Configuration;

/// <summary>Section <c>Serving</c>.</summary>
public sealed class ServingOptions
{
    public const string Section = "Serving";

    /// <summary>Folder of <c>&lt;name&gt;/&lt;version&gt;/model.json</c>; a relative path is looked up from the content root upwards.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Serving:ModelRepository is required: set it (env Serving__ModelRepository) to the folder that holds <name>/<version>/model.json.")]
    public string ModelRepository { get; set; } = "artifacts/models";

    /// <summary>How long in-flight requests may run after SIGTERM before the process exits anyway.</summary>
    [Range(1, 3600, ErrorMessage = "Serving:DrainTimeoutSeconds must be 1..3600 seconds.")]
    public int DrainTimeoutSeconds { get; set; } = 30;

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    [Range(1024, 1L << 30, ErrorMessage = "Serving:MaxRequestBodyBytes must be 1024..1073741824 bytes.")]
    public long MaxRequestBodyBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Where the gRPC endpoint (<c>inference.GRPCInferenceService</c>, HTTP/2 without TLS) listens, beside the REST addresses
    /// of <c>ASPNETCORE_URLS</c>; an http:// URL with its own port. Empty turns gRPC off.
    /// </summary>
    public string? GrpcUrl { get; set; } = "http://127.0.0.1:8081";

    /// <summary>ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime choose (one per core).</summary>
    [Range(0, 256, ErrorMessage = "Serving:IntraOpThreads must be 0..256 (0 = one per core).")]
    public int IntraOpThreads { get; set; }
}
