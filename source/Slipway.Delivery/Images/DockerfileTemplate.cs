using System.Text;

namespace Slipway.Delivery.Images;

/// <summary>
/// The image's Dockerfile. Order matters for the cache: base → model weights (their own layer, keyed only by
/// the model files) → app. Labels that change every build (version, revision, created) are passed as build
/// labels, which the daemon applies last, so they never invalidate the layers.
/// </summary>
internal static class DockerfileTemplate
{
    internal const string ModelsContextDirectory = "models";
    internal const string AppContextDirectory = "app";

    internal static string Render(ContainerImageRequest request)
    {
        var dockerfile = new StringBuilder()
            .Append("FROM ").AppendLine(request.BaseImage);
        foreach (var instruction in request.ExtraBaseInstructions)
        {
            dockerfile.AppendLine(instruction);
        }

        return dockerfile
            .AppendLine("ENV Serving__ModelRepository=/models \\")
            .AppendLine("    ASPNETCORE_URLS=http://127.0.0.1:8080 \\")
            .AppendLine("    DOTNET_RUNNING_IN_CONTAINER=true \\")
            .AppendLine("    DOTNET_NOLOGO=true")
            .AppendLine($"COPY {ModelsContextDirectory}/ /models/")
            .AppendLine($"COPY {AppContextDirectory}/ /app/")
            .AppendLine("WORKDIR /app")
            .AppendLine($"USER {request.User}")
            .AppendLine($"HEALTHCHECK --interval=5s --timeout=5s --start-period=60s --retries=3 CMD [\"{ContainerImageRequest.ServiceBinary}\", \"healthcheck\"]")
            .AppendLine($"ENTRYPOINT [\"{ContainerImageRequest.ServiceBinary}\"]")
            .ToString();
    }
}
