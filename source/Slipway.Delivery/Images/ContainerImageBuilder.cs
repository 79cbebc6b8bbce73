using System.Diagnostics;
using System.IO.Pipelines;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Delivery.Models;

namespace Slipway.Delivery.Images;

/// <summary>
/// The ContainerImage step. The image is written here, not by the engine's builder (which stamps its own times): the base
/// image's layers as the engine saves them, one layer per model version under /models, the app under /app, each a tar
/// with sorted entries, fixed owners and modes and the commit time; then the config, whose SHA-256 is the image ID. The
/// archive is streamed into <c>POST /images/load</c>, and the engine must report the ID computed here. The same commit on
/// the same base therefore gives the same image ID on any engine. Writes image.json.
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
        var references = request.Tags.Select(tag => $"{request.Repository}:{tag}").ToList();
        log.Information("Building {Repository} ({Tags}) on {BaseImage}", request.Repository, string.Join(", ", request.Tags), request.BaseImage);

        var work = Directory.CreateTempSubdirectory("slipway-image-").FullName;
        try
        {
            var saved = await SaveBaseAsync(docker, request.BaseImage, Path.Combine(work, "base"), cancellationToken).ConfigureAwait(false);
            var runtime = await WriteRuntimeLayerAsync(saved, request, work, log, cancellationToken).ConfigureAwait(false);
            var layers = await WriteLayersAsync(request, work, log, cancellationToken).ConfigureAwait(false);
            layers = [runtime, .. layers];
            // The base's own layers are not in the image, so neither is their history: only its environment and labels carry over.
            var baseConfig = new System.Text.Json.Nodes.JsonObject
            {
                ["architecture"] = saved.Config["architecture"]?.DeepClone(),
                ["os"] = saved.Config["os"]?.DeepClone(),
                ["config"] = new System.Text.Json.Nodes.JsonObject { ["Labels"] = saved.Config["config"]?["Labels"]?.DeepClone() },
            };
            var config = ImageConfig.Render(baseConfig, request, labels, [], layers);
            var id = ImageConfig.IdOf(config);
            log.Information("Image {ImageId:l}: {LayerCount} layers from {BaseImage} ({BaseId})", id, layers.Count, request.BaseImage, saved.Id);

            var progress = await LoadAsync(docker, config, layers, references, request, log, cancellationToken).ConfigureAwait(false);
            var image = await docker.Images.InspectImageAsync(references[0], cancellationToken).ConfigureAwait(false);
            if (image.ID != id)
            {
                throw new ContainerImageBuildException(
                    $"The engine loaded '{references[0]}' as {image.ID}, but its config digests to {id}: the engine rewrote the image. "
                    + "Check that the engine supports docker-archive loads (Docker Engine 20.10 or later).");
            }

            var cached = layers.Count(layer => !progress.LoadedLayers.Contains(layer.DiffId["sha256:".Length..][..12]));
            var result = new ContainerImageResult
            {
                Id = image.ID,
                Repository = request.Repository,
                Tags = request.Tags,
                Size = image.Size,
                Layers = [.. layers.Select(layer => new ImageLayer(layer.DiffId, layer.Size, layer.CreatedBy))],
                Labels = labels,
                BasePath = request.BasePath.ToString().ToLowerInvariant(),
                BaseImage = request.BaseImage,
                BuildSeconds = Math.Round(stopwatch.Elapsed.TotalSeconds, 2),
                ModelLayer = layers.LastOrDefault(layer => layer.CreatedBy.Contains(" in /models", StringComparison.Ordinal))?.DiffId,
                CachedSteps = cached,
                TotalSteps = layers.Count,
            };

            log.Information(
                "Built {ImageId} ({Size} MB, {LayerCount} layers, {CachedSteps}/{TotalSteps} layers already on the engine) in {Seconds} s",
                result.Id, BaseImage.ToMegabytes(result.Size), result.Layers.Count, result.CachedSteps, result.TotalSteps, result.BuildSeconds);

            if (request.OutputDirectory is { } outputDirectory)
            {
                var path = Path.Combine(outputDirectory, ReportFileName);
                await result.WriteAsync(path, cancellationToken).ConfigureAwait(false);
                log.Information("Wrote {ImageReport}", path);
                var provenancePath = Path.Combine(outputDirectory, ImageProvenance.FileName);
                await ImageProvenance.WriteAsync(provenancePath, await ImageProvenance.CreateAsync(request, result, saved.Id, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                log.Information("Wrote {Provenance}", provenancePath);
            }

            return result;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<SavedImage> SaveBaseAsync(IDockerClient docker, string baseImage, string directory, CancellationToken cancellationToken)
    {
        try
        {
            return await SavedImage.SaveAsync(docker, baseImage, directory, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException exception)
        {
            throw new ContainerImageBuildException(
                $"The base image '{baseImage}' could not be read from the engine: {DockerErrors.Describe(exception)} Run the BaseImage target first, or pass a base the engine holds (--base-image).",
                "base", DockerErrors.Describe(exception), exception);
        }
    }

    /// <summary>The runtime layer: what the service needs of the base's file system, and nothing else (no shell, no package manager).</summary>
    private static async Task<WrittenLayer> WriteRuntimeLayerAsync(SavedImage saved, ContainerImageRequest request, string work, ILogger log, CancellationToken cancellationToken)
    {
        var root = await RootFileSystem.UnpackAsync(saved.Layers.Select(layer => layer.Path), Path.Combine(work, "rootfs"), cancellationToken).ConfigureAwait(false);
        var (entries, libraries) = RuntimeLayer.Entries(root, request.PublishDirectory, request.User);
        var layer = await LayerWriter.WriteFileAsync(
            Path.Combine(work, "runtime.tar"), entries, request.Created, $"COPY runtime of {saved.Id} in /", cancellationToken).ConfigureAwait(false);
        log.Information("Layer {CreatedBy:l}: {Megabytes} MB, {DiffId}; libraries {Libraries:l}", layer.CreatedBy, BaseImage.ToMegabytes(layer.Size), layer.DiffId, string.Join(' ', libraries));
        return layer;
    }

    /// <summary>One layer per model version (a new version of one model leaves the others' layers as they were), then the app.</summary>
    private static async Task<List<WrittenLayer>> WriteLayersAsync(ContainerImageRequest request, string work, ILogger log, CancellationToken cancellationToken)
    {
        var layers = new List<WrittenLayer>();
        foreach (var (relative, directory) in request.ModelVersionDirectories())
        {
            var layer = await LayerWriter.WriteFileAsync(
                Path.Combine(work, $"model-{layers.Count}.tar"), LayerEntry.FromDirectory($"models/{relative}", directory), request.Created,
                $"COPY {relative} in /models/{relative}", cancellationToken).ConfigureAwait(false);
            log.Information("Layer {CreatedBy:l}: {Megabytes} MB, {DiffId}", layer.CreatedBy, BaseImage.ToMegabytes(layer.Size), layer.DiffId);
            layers.Add(layer);
        }

        var app = await LayerWriter.WriteFileAsync(
            Path.Combine(work, "app.tar"), LayerEntry.FromDirectory("app", request.PublishDirectory, RuntimeLayer.KeepInApp), request.Created, "COPY app in /app", cancellationToken).ConfigureAwait(false);
        log.Information("Layer {CreatedBy:l}: {Megabytes} MB, {DiffId}", app.CreatedBy, BaseImage.ToMegabytes(app.Size), app.DiffId);
        layers.Add(app);
        return layers;
    }

    private static async Task<LoadProgress> LoadAsync(
        IDockerClient docker, byte[] config, IReadOnlyList<WrittenLayer> layers, IReadOnlyList<string> references, ContainerImageRequest request, ILogger log, CancellationToken cancellationToken)
    {
        var progress = new LoadProgress(log);
        // Large segments and a small window: the archive flows through ~1 MB of pooled memory whatever its size.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 1 << 16));
        using var writerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = WriteArchiveAsync(pipe.Writer, config, layers, references, log, writerCancellation.Token);
        try
        {
            await using var archive = pipe.Reader.AsStream();
            await docker.Images.LoadImageAsync(new ImageLoadParameters { Quiet = false }, archive, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException exception)
        {
            throw new ContainerImageBuildException($"The engine refused the image archive: {DockerErrors.Describe(exception)}", "load", DockerErrors.Describe(exception), exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException && writer.IsCompleted && writer.Result is not null)
        {
            throw new ContainerImageBuildException(
                $"The image archive could not be streamed: {writer.Result!.Message} Check that every file under '{request.PublishDirectory}' and '{request.ModelDirectory}' is readable.",
                writer.Result);
        }
        finally
        {
            await writerCancellation.CancelAsync().ConfigureAwait(false);
            await IgnoreCancellation(writer).ConfigureAwait(false);
        }

        if (writer.Result is { } failure)
        {
            throw new ContainerImageBuildException($"The image archive could not be written: {failure.Message}", failure);
        }

        if (progress.Error is { } error)
        {
            throw new ContainerImageBuildException($"The engine failed to load the image archive: {error}", "load", error);
        }

        return progress;
    }

    /// <summary>Writes the archive into the pipe; returns the failure (also passed to the reader), or null.</summary>
    private static async Task<Exception?> WriteArchiveAsync(PipeWriter writer, byte[] config, IReadOnlyList<WrittenLayer> layers, IReadOnlyList<string> references, ILogger log, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await using var pipeStream = writer.AsStream(leaveOpen: true);
            await using var stream = new ProgressStream(pipeStream, 256L << 20, sent => log.Information("Image archive: {Megabytes} MB sent", sent >> 20));
            await ImageArchive.WriteAsync(stream, config, layers, references, cancellationToken).ConfigureAwait(false);
            log.Information("Image archive: {Megabytes} MB sent in all", Math.Round(stream.Written / 1_048_576.0, 1));
            await writer.CompleteAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception exception)
        {
            // The reader sees the failure, so the load fails instead of loading a truncated archive.
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
}
