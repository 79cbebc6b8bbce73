using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Delivery.Images;
using Slipway.Delivery.Models;
using Slipway.Tooling;

namespace Slipway.Benchmarks.Deploy;

/// <summary>Builds the real service image (publish, model, base, image builder) and two variants of it.</summary>
internal static class ServiceImages
{
    public static async Task<string> BuildRealAsync(IDockerClient docker, string repository, string workDirectory, ILogger log)
    {
        var publish = Path.Combine(workDirectory, "publish");
        var models = Path.Combine(workDirectory, "models");
        var root = FindRoot();
        var project = Path.Combine(root, "source", "Slipway.Serving");
        await ProcessTasks.RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", publish, "-nologo", "-v", "q"], log: log);

        await ModelMaterializer.MaterializeMiniLmAsync(ModelMaterializer.DefaultNuGetPackagesRoot(), models);
        var baseImage = await BaseImage.EnsureAsync(docker, new BaseImageOptions { Image = null }, log);
        var image = await ContainerImageBuilder.BuildAsync(docker, new ContainerImageRequest
        {
            PublishDirectory = publish,
            ModelDirectory = models,
            BaseImage = baseImage.Reference,
            BasePath = baseImage.Path,
            Repository = repository,
            Version = new ImageVersion("0.0.0-bench", "0000000000000000000000000000000000000000"),
            TagLatest = false,
        }, log);
        return image.Id;
    }

    /// <summary>An image from a Dockerfile held in memory (a variant of the real image).</summary>
    public static async Task<string> BuildVariantAsync(IDockerClient docker, string tag, string dockerfile)
    {
        var context = new MemoryStream();
        await using (var tar = new TarWriter(context, TarEntryFormat.Ustar, leaveOpen: true))
        {
            await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.RegularFile, "Dockerfile")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            });
        }

        context.Position = 0;
        await docker.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = [tag], Remove = true }, context, null, null, new Progress<JSONMessage>());
        return (await docker.Images.InspectImageAsync(tag)).ID;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Solution.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Run the benchmark from a checkout of the repository (no Solution.sln above it).");
    }
}
