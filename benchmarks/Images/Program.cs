using System.Diagnostics;
using System.Globalization;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Benchmarks.Images;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Images;
using Slipway.Delivery.Models;

// Image figures: base path and size, cold build, code-only rebuild, no-change rebuild, size per layer.
// Usage: dotnet run -c Release --project benchmarks/Images [-- --publish <dir>] [--models <dir>] [--cold-base]
Log.Logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Console(formatProvider: CultureInfo.InvariantCulture).CreateLogger();
var options = BenchmarkOptions.Parse(args);
var work = Directory.CreateTempSubdirectory("slipway-bench-images-").FullName;
var repository = $"slipway-bench/serving-{Guid.NewGuid():N}"[..36];
using var engine = await DockerEngine.EnsureAsync(new DockerEngineOptions { AllowProvisioning = false }, Log.Logger);
var docker = engine.Client;
try
{
    var publish = options.Publish ?? await Preparation.PublishAsync(Path.Combine(work, "publish"));
    var models = options.Models ?? (await ModelMaterializer.MaterializeMiniLmAsync(ModelMaterializer.DefaultNuGetPackagesRoot(), Path.Combine(work, "models"))).Directory[..^"/minilm/1".Length];

    var coldBase = (double?)null;
    if (options.ColdBase)
    {
        // A recipe variant nobody has built: measures a real bootstrap without touching the shared base.
        var fresh = BaseImageRecipe.DotNetRuntimeDeps.WithRepository("slipway-bench/base").WithCustomizeCommands($"echo {Guid.NewGuid():N} > \"$1/etc/slipway-bench\"");
        var bootstrapped = await DebianImageBootstrapper.EnsureAsync(docker, fresh, Log.Logger);
        coldBase = bootstrapped.Duration.TotalSeconds;
        await docker.Images.DeleteImageAsync(bootstrapped.Reference, new ImageDeleteParameters { Force = true });
    }

    var baseImage = await BaseImage.EnsureAsync(docker, new BaseImageOptions(), Log.Logger);
    var version = new ImageVersion("0.0.0-1+benchmark0000", "0000000000000000000000000000000000000000");
    var request = new ContainerImageRequest
    {
        PublishDirectory = publish,
        ModelDirectory = models,
        BaseImage = baseImage.Reference,
        BasePath = baseImage.Path,
        Version = version,
        Repository = repository,
    };
    var contextBytes = Preparation.SizeOf(publish) + Preparation.SizeOf(models);

    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var cold = await Measure.BuildAsync(docker, request);
    var allocatedDuringCold = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

    var changed = Path.Combine(work, "publish-changed");
    Preparation.Copy(publish, changed);
    await File.WriteAllTextAsync(Path.Combine(changed, "code-change.txt"), Guid.NewGuid().ToString());
    var codeOnly = await Measure.BuildAsync(docker, request with { PublishDirectory = changed });
    var unchanged = await Measure.BuildAsync(docker, request with { PublishDirectory = changed });

    Console.WriteLine();
    Console.WriteLine("== Image figures ==");
    Console.WriteLine($"engine: {engine.Description}");
    Console.WriteLine($"base: {baseImage.Reference} ({baseImage.PathName}), {Mb(baseImage.Size)} MB" + (coldBase is { } seconds ? $", cold bootstrap {seconds:0.0} s" : string.Empty));
    Console.WriteLine($"build context: {Mb(contextBytes)} MB; managed bytes allocated during the cold build: {Mb(allocatedDuringCold)} MB ({allocatedDuringCold / (double)contextBytes:P0} of the context: streamed, not buffered)");
    Console.WriteLine($"image: {Mb(cold.Image.Size)} MB in {cold.Image.Layers.Count} layers");
    foreach (var layer in cold.Image.Layers)
    {
        Console.WriteLine($"  {Mb(layer.Size),8} MB  {layer.Digest[..19]}  {Shorten(layer.CreatedBy)}");
    }

    Console.WriteLine($"first build:                 {cold.Seconds,6:0.00} s  (reference, 1.00; {cold.Image.CachedSteps}/{cold.Image.TotalSteps} layers already on the engine)");
    Console.WriteLine($"rebuild after a code change: {codeOnly.Seconds,6:0.00} s  ({codeOnly.Seconds / cold.Seconds:0.00} x cold; model layer {(codeOnly.Image.ModelLayer == cold.Image.ModelLayer ? "reused" : "REBUILT")}; {codeOnly.Image.CachedSteps}/{codeOnly.Image.TotalSteps} layers already on the engine)");
    Console.WriteLine($"rebuild with nothing changed:{unchanged.Seconds,6:0.00} s  ({unchanged.Seconds / cold.Seconds:0.00} x cold; {unchanged.Image.CachedSteps}/{unchanged.Image.TotalSteps} layers already on the engine; same image ID: {unchanged.Image.Id == codeOnly.Image.Id})");
    return codeOnly.Image.ModelLayer == cold.Image.ModelLayer ? 0 : 1;
}
finally
{
    var images = await docker.Images.ListImagesAsync(new ImagesListParameters());
    foreach (var image in images.Where(image => (image.RepoTags ?? []).Any(tag => tag.StartsWith(repository, StringComparison.Ordinal))))
    {
        await docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
    }

    Directory.Delete(work, recursive: true);
}

static string Mb(long bytes) => (bytes / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture);

static string Shorten(string text) => text.Length > 90 ? text[..90] + "…" : text;
