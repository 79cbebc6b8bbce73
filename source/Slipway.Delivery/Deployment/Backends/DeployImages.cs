namespace Slipway.Delivery.Deployment.Backends;

/// <summary>
/// The helper images a deploy may need, resolved only when it needs them: an Undeploy never builds one, a Rollback builds
/// the edge image only when the edge is gone.
/// </summary>
public sealed class DeployImages(Func<CancellationToken, Task<string>> edge, Func<CancellationToken, Task<string>> monitoring)
{
    private readonly Func<CancellationToken, Task<string>> _edge = Once(edge);
    private readonly Func<CancellationToken, Task<string>> _monitoring = Once(monitoring);

    /// <summary>Images given up front (tests, or a caller that has built them already).</summary>
    public static DeployImages Of(string edge, string monitoring) => new(_ => Task.FromResult(edge), _ => Task.FromResult(monitoring));

    public Task<string> EdgeAsync(CancellationToken cancellationToken) => _edge(cancellationToken);

    public Task<string> MonitoringAsync(CancellationToken cancellationToken) => _monitoring(cancellationToken);

    private static Func<CancellationToken, Task<string>> Once(Func<CancellationToken, Task<string>> resolve)
    {
        Task<string>? resolved = null;
        return cancellationToken => resolved ??= resolve(cancellationToken);
    }
}
