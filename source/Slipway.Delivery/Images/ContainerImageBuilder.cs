using System.Diagnostics;
using System.IO.Pipelines;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;

namespace Slipway.Delivery.Images;

/// <summary>
/// The ContainerImage step: streams a deterministic tar build context (Dockerfile, models/, app/) into the
/// Engine API's build endpoint while it is written, reports progress, turns a failed step into an exception
/// naming it, and writes image.json.
/// </summary>
public static class ContainerImageBuilder
{
    /// <summary>The file written into <see cref="ContainerImageRequest.OutputDirectory"/>.</summary>
    public const string ReportFileName = "image.json";

    /// <example>
    /// <code>
    /// var image = await ContainerImageBuilder.BuildAsync(docker, new ContainerImageRequest
    /// {
    ///     PublishDirectory = "artifacts/publish", ModelDirectory = "artifacts/models",
    ///     BaseImage = baseImage.Reference, BasePath = baseImage.Path,
    ///     Version = await ImageVersion.FromGitAsync(rootDirectory), OutputDirectory = "artifacts/image",
    /// }, Log.Logger, cancellationToken);
    /// </code>
    /// </example>
    public static async Task<ContainerImageResult> BuildAsync(
        IDockerClient docker, ContainerImageRequest request, ILogger log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(docker);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        request.Validate();

        var stopwatch = Stopwatch.StartNew();
        var labels = await ImageLabels.ForAsync(request, cancellationToken).ConfigureAwait(false);
        var dockerfile = DockerfileTemplate.Render(request, labels.Where(label => !ImageLabels.PerBuild.Contains(label.Key)).ToDictionary());
        var references = request.Tags.Select(tag => $"{request.Repository}:{tag}").ToList();
        log.Information("Building {Repository} ({Tags}) on {BaseImage}", request.Repository, string.Join(", ", request.Tags), request.BaseImage);

        var progress = new BuildProgress(log);
        // Large segments and a small window: the context flows through ~1 MB of pooled memory whatever its size.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 1 << 16));
        using var writerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = WriteContextAsync(pipe.Writer, dockerfile, request, log, writerCancellation.Token);
        try
        {
            await using var context = pipe.Reader.AsStream();
            await docker.Images.BuildImageFromDockerfileAsync(
                new ImageBuildParameters
                {
                    Dockerfile = "Dockerfile",
                    Tags = references,
                    Labels = labels.Where(label => ImageLabels.PerBuild.Contains(label.Key)).Concat(request.BuildLabels).ToDictionary(),
                    Remove = true,
                    ForceRemove = true,
                    NoCache = request.NoCache,
                },
                context, null, null, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException exception)
        {
            throw progress.Failure(DockerErrors.Describe(exception), exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException && writer.IsCompleted && writer.Result is not null)
        {
            throw new ContainerImageBuildException(
                $"The build context could not be streamed: {writer.Result!.Message} Check that every file under '{request.PublishDirectory}' and '{request.ModelDirectory}' is readable.",
                writer.Result);
        }
        finally
        {
            await writerCancellation.CancelAsync().ConfigureAwait(false);
            await IgnoreCancellation(writer).ConfigureAwait(false);
        }

        if (progress.Error is { } error)
        {
            throw progress.Failure(error, null);
        }

        var image = await docker.Images.InspectImageAsync(references[0], cancellationToken).ConfigureAwait(false);
        var layers = await ReadLayersAsync(docker, image, cancellationToken).ConfigureAwait(false);
        var result = new ContainerImageResult
        {
            Id = image.ID,
            Repository = request.Repository,
            Tags = request.Tags,
            Size = image.Size,
            Layers = layers,
            Labels = labels,
            BasePath = request.BasePath.ToString().ToLowerInvariant(),
            BaseImage = request.BaseImage,
            BuildSeconds = Math.Round(stopwatch.Elapsed.TotalSeconds, 2),
            ModelLayer = layers.LastOrDefault(layer => layer.CreatedBy.Contains(" in /models", StringComparison.Ordinal))?.Digest,
            CachedSteps = progress.CachedSteps,
            TotalSteps = progress.TotalSteps,
        };

        log.Information(
            "Built {ImageId} ({Size} MB, {LayerCount} layers, {CachedSteps}/{TotalSteps} steps cached) in {Seconds} s",
            result.Id, BaseImage.ToMegabytes(result.Size), result.Layers.Count, result.CachedSteps, result.TotalSteps, result.BuildSeconds);

        if (request.OutputDirectory is { } outputDirectory)
        {
            var path = Path.Combine(outputDirectory, ReportFileName);
            await result.WriteAsync(path, cancellationToken).ConfigureAwait(false);
            log.Information("Wrote {ImageReport}", path);
        }

        return result;
    }

    /// <summary>Writes the context into the pipe; returns the failure (also passed to the reader), or null.</summary>
    private static async Task<Exception?> WriteContextAsync(PipeWriter writer, string dockerfile, ContainerImageRequest request, ILogger log, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await using var pipeStream = writer.AsStream(leaveOpen: true);
            await using var stream = new ProgressStream(pipeStream, 256L << 20, sent => log.Information("Build context: {Megabytes} MB sent", sent >> 20));
            await BuildContextWriter.WriteAsync(
                stream,
                dockerfile,
                [(DockerfileTemplate.ModelsContextDirectory, request.ModelDirectory), (DockerfileTemplate.AppContextDirectory, request.PublishDirectory)],
                cancellationToken).ConfigureAwait(false);
            log.Information("Build context: {Megabytes} MB sent in all", Math.Round(stream.Written / 1_048_576.0, 1));
            await writer.CompleteAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception exception)
        {
            // The reader sees the failure, so the request fails instead of building from a truncated context.
            await writer.CompleteAsync(exception).ConfigureAwait(false);
            return exception;
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// File-system layers, base first, each with the step that created it. A step created a layer when its
    /// image has more layers than the step before (metadata steps and empty diffs add none).
    /// </summary>
    private static async Task<IReadOnlyList<ImageLayer>> ReadLayersAsync(IDockerClient docker, ImageInspectResponse image, CancellationToken cancellationToken)
    {
        var digests = image.RootFS?.Layers ?? [];
        var createdBy = new string[digests.Count];
        var sizes = new long[digests.Count];
        var previous = 0;
        foreach (var step in (await docker.Images.GetImageHistoryAsync(image.ID, cancellationToken).ConfigureAwait(false)).Reverse())
        {
            var count = step.ID is { } id && id.StartsWith("sha256:", StringComparison.Ordinal)
                ? (await docker.Images.InspectImageAsync(id, cancellationToken).ConfigureAwait(false)).RootFS?.Layers?.Count ?? previous
                : previous + (step.Size > 0 ? 1 : 0);
            if (count > previous && count <= digests.Count)
            {
                createdBy[count - 1] = string.IsNullOrWhiteSpace(step.CreatedBy) ? step.Comment?.Trim() ?? string.Empty : step.CreatedBy.Trim();
                sizes[count - 1] = step.Size;
            }

            previous = count;
        }

        return [.. digests.Select((digest, index) => new ImageLayer(digest, sizes[index], createdBy[index] ?? string.Empty))];
    }
}
