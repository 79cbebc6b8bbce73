using System.Collections.Concurrent;
using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Tooling;

namespace Slipway.Delivery.Images;

/// <summary>
/// Turns a <see cref="BaseImageRecipe"/> into a local image: mmdebstrap writes the root file system as a tar
/// stream that is imported through the Engine API while it is written. The tag derives from the recipe hash,
/// so the same recipe is bootstrapped once and reused after that.
/// </summary>
public static class DebianImageBootstrapper
{
    // One bootstrap per reference at a time in this process; the others wait and then reuse its image.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <example><code>var edge = await DebianImageBootstrapper.EnsureAsync(docker, BaseImageRecipe.DotNetRuntimeDeps.WithRepository("slipway/edge").WithPackages("nginx-light"), Log.Logger);</code></example>
    public static async Task<BaseImageResult> EnsureAsync(
        IDockerClient docker, BaseImageRecipe recipe, ILogger log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(log);
        recipe.Validate();

        var stopwatch = Stopwatch.StartNew();
        var reference = recipe.ComputeReference();
        var gate = Gates.GetOrAdd(reference, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await EnsureLockedAsync(docker, recipe, reference, stopwatch, log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<BaseImageResult> EnsureLockedAsync(
        IDockerClient docker, BaseImageRecipe recipe, string reference, Stopwatch stopwatch, ILogger log, CancellationToken cancellationToken)
    {
        var existing = await TryInspectAsync(docker, reference, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            log.Information("Base image {BaseImage} reused: its recipe is unchanged ({Size} MB)", reference, BaseImage.ToMegabytes(existing.Size));
            return new BaseImageResult(reference, existing.ID, existing.Size, BaseImagePath.Reused, stopwatch.Elapsed);
        }

        log.Information("Bootstrapping {BaseImage} from Debian {Suite} packages: {Packages}", reference, recipe.Suite, string.Join(' ', recipe.Packages));
        var imageId = await ImportAsync(docker, recipe, log, cancellationToken).ConfigureAwait(false);
        await docker.Images.TagImageAsync(imageId, new ImageTagParameters { RepositoryName = recipe.Repository, Tag = recipe.ComputeTag() }, cancellationToken).ConfigureAwait(false);
        var image = await docker.Images.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
        log.Information("Base image {BaseImage} bootstrapped in {Seconds} s ({Size} MB)", reference, Math.Round(stopwatch.Elapsed.TotalSeconds, 1), BaseImage.ToMegabytes(image.Size));
        return new BaseImageResult(reference, image.ID, image.Size, BaseImagePath.Bootstrapped, stopwatch.Elapsed);
    }

    internal static async Task<ImageInspectResponse?> TryInspectAsync(IDockerClient docker, string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Images.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Imports untagged and returns the image id; the caller tags only a complete import.</summary>
    private static async Task<string> ImportAsync(IDockerClient docker, BaseImageRecipe recipe, ILogger log, CancellationToken cancellationToken)
    {
        var mmdebstrap = ExecutableLocator.Find("mmdebstrap")
            ?? throw new InvalidOperationException(
                $"Cannot bootstrap '{recipe.ComputeReference()}': mmdebstrap is not installed. Install it ('apt-get install -y mmdebstrap') "
                + "or pass a base image that can be pulled (--base-image).");

        string? imageId = null;
        string? importError = null;
        var progress = new InlineProgress<JSONMessage>(message =>
        {
            importError ??= message.Error?.Message;
            if (message.Status?.StartsWith("sha256:", StringComparison.Ordinal) == true)
            {
                imageId = message.Status.Trim();
            }
        });

        // The tar goes straight from mmdebstrap's standard output into the import; it is never held in memory.
        var changes = recipe.ImageChanges.Append($"LABEL org.slipway.base.recipe={recipe.ComputeHash()}").ToList();
        Task ImportTarAsync(Stream tar, CancellationToken token) =>
            docker.Images.CreateImageAsync(
                new ImagesCreateParameters { FromSrc = "-", Changes = changes, Message = $"mmdebstrap {recipe.Suite} {recipe.ComputeHash()}" },
                tar, null, progress, token);

        string? why = null;
        try
        {
            var errors = await ProcessTasks.RunWithOutputStreamAsync(mmdebstrap, recipe.ToMmdebstrapArguments(), ImportTarAsync, logOutput: false, log: log, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            foreach (var line in errors.Where(l => l.StartsWith("E:", StringComparison.Ordinal) || l.StartsWith("W:", StringComparison.Ordinal)))
            {
                log.Warning("mmdebstrap: {Line}", line);
            }
        }
        catch (ProcessFailedException exception) when (exception.ExitCode > 0)
        {
            why = $"mmdebstrap exited with code {exception.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, exception.Output.TakeLast(20))}";
        }

        if (why is not null || importError is not null || imageId is null)
        {
            if (imageId is not null)
            {
                await docker.Images.DeleteImageAsync(imageId, new ImageDeleteParameters { Force = true }, cancellationToken).ConfigureAwait(false);
            }

            why ??= $"the engine rejected the import: {importError ?? "it returned no image id"}";
            throw new InvalidOperationException(
                $"Bootstrapping '{recipe.ComputeReference()}' failed: {why}{Environment.NewLine}"
                + $"Check that the packages ({string.Join(' ', recipe.Packages)}) exist in '{recipe.Suite}' and that the apt sources in '{recipe.SourcesFile}' are reachable.");
        }

        return imageId;
    }
}
