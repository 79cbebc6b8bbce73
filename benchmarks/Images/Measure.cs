using System.Diagnostics;
using Docker.DotNet;
using Serilog;
using Slipway.Delivery.Images;

namespace Slipway.Benchmarks.Images;

internal static class Measure
{
    public static async Task<(ContainerImageResult Image, double Seconds)> BuildAsync(IDockerClient docker, ContainerImageRequest request)
    {
        var stopwatch = Stopwatch.StartNew();
        var image = await ContainerImageBuilder.BuildAsync(docker, request, Log.Logger);
        return (image, stopwatch.Elapsed.TotalSeconds);
    }
}
