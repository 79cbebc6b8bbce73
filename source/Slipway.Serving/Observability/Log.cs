namespace Slipway.Serving.Observability;

/// <summary>Source-generated log messages of the service.</summary>
public static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Model repository {Repository}: found {Count} model version(s)")]
    public static partial void RepositoryScanned(ILogger logger, string repository, int count);

    [LoggerMessage(2, LogLevel.Information, "Model {Model} version {Version} ready in {Seconds:0.000} s (kind {Kind})")]
    public static partial void ModelReady(ILogger logger, string model, string version, double seconds, string kind);

    [LoggerMessage(3, LogLevel.Error, "Model {Model} version {Version} is not ready: {Reason}")]
    public static partial void ModelFailed(ILogger logger, string model, string version, string reason);

    [LoggerMessage(4, LogLevel.Information, "{Method} {Path} model={Model} status={Status} duration={DurationMs:0.0}ms request_id={RequestId}")]
    public static partial void Request(ILogger logger, string method, string path, string model, int status, double durationMs, string requestId);

    [LoggerMessage(5, LogLevel.Error, "Internal error serving model {Model} version {Version}")]
    public static partial void InternalError(ILogger logger, Exception exception, string model, string version);

    [LoggerMessage(6, LogLevel.Warning, "Model repository {Repository} holds no model versions; the service will not become ready")]
    public static partial void RepositoryEmpty(ILogger logger, string repository);

    [LoggerMessage(7, LogLevel.Information, "Shutdown requested: readiness is now false; draining in-flight requests for up to {Seconds} s")]
    public static partial void Draining(ILogger logger, double seconds);

    [LoggerMessage(8, LogLevel.Information, "All models ready; serving")]
    public static partial void AllReady(ILogger logger);
}
