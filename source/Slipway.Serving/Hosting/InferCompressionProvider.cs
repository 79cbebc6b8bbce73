using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Slipway.Serving.Hosting;

/// <summary>
/// Compresses successful answers only: Triton's aio HTTP client sends <c>Accept-Encoding: gzip</c> on every call but
/// decompresses only a successful infer answer, so a compressed error would hide the server's message from it.
/// </summary>
public sealed class InferCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
    : ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Response.StatusCode == StatusCodes.Status200OK && base.ShouldCompressResponse(context);
    }
}
