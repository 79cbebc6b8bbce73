using Docker.DotNet;
using Serilog;
using Slipway.Build.Definition;
using Slipway.Build.Parameters;
using Slipway.Build.Tools;
using Slipway.Delivery.Images;
using static Slipway.Build.Tools.DotNetTasks;

namespace Slipway.Pipeline;

partial class Build
{
    [Parameter("Base image to pull; when it cannot be pulled, an equivalent is bootstrapped from Debian packages", Name = "BaseImage")]
    string BaseImageReference = BaseImageOptions.DefaultImage;

    [Parameter("Repository of the service image")]
    string ImageRepository = "slipway/serving";

    [Parameter("Registry to push to, host[:port] (e.g. 127.0.0.1:5000)")]
    string? Registry;

    [Parameter("User for the registry")]
    string? RegistryUser;

    [Parameter("Password for the registry"), Secret]
    string? RegistryPassword;

    AbsolutePath PublishDirectory => ArtifactsDirectory / "publish" / "serving";
    AbsolutePath ImageDirectory => ArtifactsDirectory / "image";
    AbsolutePath ImageFile => ImageDirectory / ContainerImageBuilder.ReportFileName;

    BaseImageResult? _baseImage;

    Target Publish => _ => _
        .Description("Publishes the service self-contained and trimmed for linux-x64 into artifacts/publish/serving")
        .DependsOn(Restore)
        .Inputs("source/Slipway.Serving/**", "Directory.Build.props", "Directory.Packages.props", "!**/bin/**", "!**/obj/**")
        .Outputs("artifacts/publish/serving/Slipway.Serving")
        .Produces("artifacts/publish/serving/**")
        .Executes(async cancellationToken =>
        {
            PublishDirectory.DeleteDirectory();
            // trimmed: 76 MB instead of 158 MB; protocol JSON and configuration binding are source-generated, so nothing needed is trimmed away
            await DotNetPublishAsync(RootDirectory / "source" / "Slipway.Serving" / "Slipway.Serving.csproj", "Release", "linux-x64", PublishDirectory,
                trimmed: true, cancellationToken: cancellationToken);
        });

    Target BaseImage => _ => _
        .Description("Pulls the base image; if it cannot be pulled, bootstraps an equivalent from Debian packages (reused while its recipe is unchanged)")
        .DependsOn(DockerEngine)
        .Executes(async cancellationToken =>
        {
            using var engine = await ConnectDockerAsync(cancellationToken);
            _baseImage = await Slipway.Delivery.Images.BaseImage.EnsureAsync(
                engine.Client, new BaseImageOptions().WithImage(BaseImageReference), Log.Logger, cancellationToken);
            Log.Information("Base image {BaseImage} ({BasePath}, {Size:0.0} MB)", _baseImage.Reference, _baseImage.PathName, _baseImage.Size / 1e6);
        });

    Target ContainerImage => _ => _
        .Description("Builds the service image through the Docker Engine API: base, model layer, app layer; OCI labels; version, commit and latest tags")
        .DependsOn(Publish, Model, BaseImage)
        // what goes into the image, and the code that writes its Dockerfile and layers
        .Inputs("artifacts/publish/serving/**", "artifacts/models/**", "source/Slipway.Delivery/Images/**", "source/Slipway.Delivery/Models/**", "!**/bin/**", "!**/obj/**")
        .Outputs("artifacts/image/image.json")
        .UpToDateWhen(ImageStillExistsAsync)
        .Produces("artifacts/image/**")
        .Executes(async cancellationToken =>
        {
            using var engine = await ConnectDockerAsync(cancellationToken);
            var image = await ContainerImageBuilder.BuildAsync(engine.Client, new ContainerImageRequest
            {
                PublishDirectory = PublishDirectory,
                ModelDirectory = ModelsDirectory,
                BaseImage = _baseImage!.Reference,
                BasePath = _baseImage.Path,
                Repository = ImageRepository,
                Version = await ImageVersion.FromGitAsync(RootDirectory, cancellationToken),
                Source = RepositoryUrl,
                OutputDirectory = ImageDirectory,
            }, Log.Logger, cancellationToken);
            Log.Information("Image {ImageId} {Size:0.0} MB, {Layers} layers, tags {Tags}; {Cached} of {Steps} steps from cache in {Seconds:0.0} s",
                image.Id[..Math.Min(19, image.Id.Length)], image.Size / 1e6, image.Layers.Count, string.Join(", ", image.Tags), image.CachedSteps, image.TotalSteps, image.BuildSeconds);
            Host.SetOutput("image", $"{image.Repository}:{image.Tags[0]}");
        });

    Target Push => _ => _
        .Description("Pushes every tag of the image to --registry (with --registry-user and the secret --registry-password) and prints the digests")
        .DependsOn(ContainerImage)
        .Requires(() => Registry)
        .Executes(async cancellationToken =>
        {
            foreach (var tag in await PushImageAsync(cancellationToken))
                Log.Information("Pushed {Reference} {Digest}", tag.Reference, tag.Digest);
        });

    /// <summary>Pushes every tag of the built image to --registry and writes push.json (Push, and a Kubernetes deploy, which needs the digest).</summary>
    async Task<IReadOnlyList<PushedTag>> PushImageAsync(CancellationToken cancellationToken)
    {
        using var engine = await ConnectDockerAsync(cancellationToken);
        var image = await ReadImageAsync(cancellationToken);
        var credentials = RegistryUser is null ? null : new RegistryCredentials(RegistryUser, RegistryPassword ?? string.Empty);
        return await ImagePusher.PushAsync(engine.Client, PushRequest.For(image, Registry!, credentials).WithOutputDirectory(ImageDirectory), Log.Logger, cancellationToken);
    }

    string? RepositoryUrl =>
        Environment.GetEnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 } repository
            ? $"{Environment.GetEnvironmentVariable("GITHUB_SERVER_URL") ?? "https://github.com"}/{repository}"
            : null;

    Task<ContainerImageResult> ReadImageAsync(CancellationToken cancellationToken) =>
        ContainerImageResult.ReadAsync(ImageFile, cancellationToken);

    /// <summary>The image of image.json is still on the engine and was built on the current base.</summary>
    async Task<bool> ImageStillExistsAsync(CancellationToken cancellationToken)
    {
        if (!ImageFile.FileExists())
            return false;
        ContainerImageResult image;
        try
        {
            image = await ReadImageAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            // an unreadable image.json is what building again rewrites
            return false;
        }
        // the base comes from the BaseImage target (--base-image): an image built on another base is out of date
        if (_baseImage is not null && image.BaseImage != _baseImage.Reference)
            return false;
        using var engine = await ConnectDockerAsync(cancellationToken);
        try
        {
            await engine.Client.Images.InspectImageAsync(image.Id, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }
}
