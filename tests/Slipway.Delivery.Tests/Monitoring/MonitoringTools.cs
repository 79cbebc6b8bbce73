using Docker.DotNet;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>Runs promtool, amtool or mtail from the monitoring image once, with a host directory mounted read-only.</summary>
public static class MonitoringTools
{
    public static async Task<(long ExitCode, string Output)> RunAsync(IDockerClient docker, string image, string directory, string mountedAt, string tool, params string[] arguments) =>
        await ContainerRun.RunAsync(docker, image, arguments, entrypoint: [tool], binds: [$"{directory}:{mountedAt}:ro"]);
}
