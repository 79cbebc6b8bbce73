using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Prometheus;
using Slipway.Serving.Apis;
using Slipway.Serving.Configuration;
using Slipway.Serving.Grpc;
using Slipway.Serving.Observability;
using Slipway.Serving.Protocol;
using Slipway.Serving.Repository;
using Slipway.Serving.Security;

namespace Slipway.Serving.Hosting;

/// <summary>The service's wiring, one concern per method, so <c>Program.cs</c> reads as a list.</summary>
public static class ServingHostExtensions
{
    /// <summary>Options (validated on start), JSON, body limit, and a shutdown timeout that follows the drain timeout.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(ServingOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(BatchingOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(AuthOptions))]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The validated options types keep their public properties through the DynamicDependency attributes above.")]
    public static WebApplicationBuilder AddServingDefaults(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BatchingOptions>().BindConfiguration(BatchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServingOptions>, ServingOptionsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ProtocolJsonContext.Default));

        // Content-Encoding gzip/deflate request bodies are decompressed; the body limit then counts the decompressed bytes,
        // so a small bomb still gets 413. Inference answers are compressed for clients that send Accept-Encoding (see MapServing).
        services.AddRequestDecompression();
        services.AddSingleton<IResponseCompressionProvider, InferCompressionProvider>();
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [ProtocolJson.ContentType, Apis.BinaryInferResult.ContentType];
        });
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        // Kestrel and host options are resolved while the app is built, before ValidateOnStart reports bad values,
        // so they read the raw settings (falling back to the defaults); the validated options then refuse the start.
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((kestrel, configuration) =>
        {
            kestrel.Limits.MaxRequestBodySize = long.TryParse(configuration[$"{ServingOptions.Section}:MaxRequestBodyBytes"], out var bytes) && bytes is >= 1024 and <= 1L << 30
                ? bytes
                : new ServingOptions().MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(
                int.TryParse(configuration[$"{ServingOptions.Section}:DrainTimeoutSeconds"], out var seconds) && seconds is >= 1 and <= 3600
                    ? seconds
                    : new ServingOptions().DrainTimeoutSeconds));
        return builder;
    }

    /// <summary>The model repository, loader (verify, load, warm up), API keys, and the gRPC endpoint beside REST.</summary>
    public static WebApplicationBuilder AddModelServing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddHostedService<ModelLoader>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<ApiKeyRateLimiter>();
        var bodyLimit = long.TryParse(builder.Configuration[$"{ServingOptions.Section}:MaxRequestBodyBytes"], out var bytes) && bytes is >= 1024 and <= 1L << 30
            ? bytes
            : new ServingOptions().MaxRequestBodyBytes;
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = (int)bodyLimit;
            o.Interceptors.Add<ApiKeyInterceptor>();
        });
        builder.AddGrpcEndpoint();
        return builder;
    }

    /// <summary>Request log, protocol errors for unknown routes, compression, API keys, the REST and gRPC endpoints and <c>/metrics</c>.</summary>
    public static WebApplication MapServing(this WebApplication app)
    {
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseStatusCodePages(RouteErrors.WriteAsync);
        // Only successful inference answers are compressed: Triton's aio client asks for gzip on every call but decompresses only those.
        app.UseWhen(context => context.Request.Path.Value?.EndsWith("/infer", StringComparison.Ordinal) == true, infer => infer.UseResponseCompression());
        app.Use(InferApi.RememberContentEncoding);
        app.UseRequestDecompression();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapServerApis();
        app.MapModelApis();
        app.MapInferApi();
        app.MapGrpcService<InferenceGrpcService>();
        app.MapMetrics("/metrics");
        return app;
    }
}
