using Docker.DotNet;
using Serilog;
using Slipway.Delivery.Images;

namespace Slipway.Delivery.Monitoring;

/// <summary>
/// The monitoring image: the offline Debian base (minbase) plus Prometheus 2.42 (with promtool), Alertmanager 0.25
/// (with amtool) and mtail, bootstrapped once and reused by recipe hash. One image runs all three containers of an
/// environment's stack; each container names its own entrypoint.
/// </summary>
public static class MonitoringImage
{
    public static BaseImageRecipe Recipe { get; } = new BaseImageRecipe
    {
        Repository = "slipway/monitoring",
        Packages = ["prometheus", "prometheus-alertmanager", "mtail"],
        // mmdebstrap's policy-rc.d keeps the postinst scripts from starting the services: nothing runs until a
        // container names its entrypoint. Beside the docs, dpkg leaves out what the web UI never loads: moment-timezone's
        // 200 MB of per-release zone data (the UI uses the bundled with-data file) and bootstrap's node and sass sources.
        PathExcludes = [.. BaseImageRecipe.DefaultPathExcludes, "/usr/share/javascript/moment-timezone/data/*", "/usr/share/nodejs/*", "/usr/share/sass/*"],
        ImageChanges = ["ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "CMD [\"prometheus\", \"--version\"]"],
    };

    /// <summary>Returns the monitoring image reference, bootstrapping it from Debian packages when it is not on the engine yet.</summary>
    /// <example><code>var image = await MonitoringImage.EnsureAsync(docker, Log.Logger, cancellationToken);</code></example>
    public static async Task<string> EnsureAsync(IDockerClient docker, ILogger log, CancellationToken cancellationToken = default)
    {
        var result = await DebianImageBootstrapper.EnsureAsync(docker, Recipe, log, cancellationToken).ConfigureAwait(false);
        return result.Reference;
    }
}
