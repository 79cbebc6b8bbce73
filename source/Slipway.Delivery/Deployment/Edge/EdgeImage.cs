using Docker.DotNet;
using Serilog;
using Slipway.Delivery.Images;

namespace Slipway.Delivery.Deployment.Edge;

/// <summary>The edge's image: the offline Debian base (minbase) plus nginx-light, bootstrapped once and reused by recipe hash.</summary>
public static class EdgeImage
{
    public static BaseImageRecipe Recipe { get; } = new BaseImageRecipe
    {
        Repository = "slipway/edge",
        Packages = ["nginx-light"],
        ImageChanges = ["ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "CMD [\"nginx\", \"-g\", \"daemon off;\"]"],
    };

    /// <summary>Returns the edge image reference, bootstrapping it from Debian packages when it is not on the engine yet.</summary>
    /// <example><code>var edgeImage = await EdgeImage.EnsureAsync(docker, Log.Logger, cancellationToken);</code></example>
    public static async Task<string> EnsureAsync(IDockerClient docker, ILogger log, CancellationToken cancellationToken = default)
    {
        var result = await DebianImageBootstrapper.EnsureAsync(docker, Recipe, log, cancellationToken).ConfigureAwait(false);
        return result.Reference;
    }
}
