using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;

namespace Slipway.Delivery.Images;

/// <summary>
/// The BaseImage step: pull the configured image; if that fails (fast, with a short timeout), bootstrap an
/// equivalent from Debian packages, reusing an earlier bootstrap of the same recipe.
/// </summary>
public static class BaseImage
{
    /// <example><code>var baseImage = await BaseImage.EnsureAsync(docker, new BaseImageOptions(), Log.Logger, cancellationToken);</code></example>
    public static async Task<BaseImageResult> EnsureAsync(
        IDockerClient docker, BaseImageOptions options, ILogger log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);

        if (!string.IsNullOrWhiteSpace(options.Image))
        {
            var stopwatch = Stopwatch.StartNew();
            var failure = await TryPullAsync(docker, options.Image, options.PullTimeout, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                var pulled = await docker.Images.InspectImageAsync(options.Image, cancellationToken).ConfigureAwait(false);
                log.Information("Base image {BaseImage} pulled ({Size} MB)", options.Image, ToMegabytes(pulled.Size));
                return new BaseImageResult(options.Image, pulled.ID, pulled.Size, BaseImagePath.Pulled, stopwatch.Elapsed);
            }

            var local = await DebianImageBootstrapper.TryInspectAsync(docker, options.Image, cancellationToken).ConfigureAwait(false);
            if (local is not null)
            {
                log.Warning("Base image {BaseImage} could not be pulled ({Reason}); reusing the copy the engine already has", options.Image, failure);
                return new BaseImageResult(options.Image, local.ID, local.Size, BaseImagePath.Reused, stopwatch.Elapsed);
            }

            log.Warning("Base image {BaseImage} could not be pulled ({Reason}); using {Recipe} built from Debian packages instead", options.Image, failure, options.Fallback.Repository);
        }

        return await DebianImageBootstrapper.EnsureAsync(docker, options.Fallback, log, cancellationToken).ConfigureAwait(false);
    }

    internal static double ToMegabytes(long bytes) => Math.Round(bytes / 1_000_000.0, 1);

    private static async Task<string?> TryPullAsync(IDockerClient docker, string image, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        string? streamError = null;
        var progress = new InlineProgress<JSONMessage>(message => streamError ??= message.Error?.Message);
        try
        {
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null, progress, timeoutSource.Token).ConfigureAwait(false);
            return streamError;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no result within {timeout.TotalSeconds:0} s";
        }
        catch (DockerApiException exception)
        {
            return DockerErrors.Describe(exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return exception.GetBaseException().Message;
        }
    }
}
