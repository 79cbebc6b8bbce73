using System.Text;

namespace Slipway.Delivery.Images;

/// <summary>
/// The image's Dockerfile. Order matters for the cache: everything that rarely changes comes first
/// (environment, user, healthcheck, entrypoint), then the model weights in their own layer (keyed only by
/// the model files), then the labels that are stable per repository and model, then the app. Labels that change every build (version, revision,
/// created) are passed as build labels, which the daemon applies after the last step.
/// </summary>
internal static class DockerfileTemplate
{
    internal const string ModelsContextDirectory = "models";
    internal const string AppContextDirectory = "app";

    internal static string Render(ContainerImageRequest request, IReadOnlyDictionary<string, string> stableLabels)
    {
        var dockerfile = new StringBuilder()
            .Append("FROM ").AppendLine(request.BaseImage);
        foreach (var instruction in request.ExtraBaseInstructions)
        {
            dockerfile.AppendLine(instruction);
        }

        dockerfile
            .AppendLine("ENV Serving__ModelRepository=/models \\")
            .AppendLine("    ASPNETCORE_URLS=http://127.0.0.1:8080 \\")
            .AppendLine("    Serving__GrpcUrl=http://127.0.0.1:8081 \\")
            .AppendLine("    DOTNET_RUNNING_IN_CONTAINER=true \\")
            .AppendLine("    DOTNET_NOLOGO=true")
            // REST and gRPC (HTTP/2 cleartext); a deploy gives each container ports of its own
            .AppendLine("EXPOSE 8080 8081")
            .AppendLine("WORKDIR /app")
            .AppendLine($"USER {request.User}")
            .AppendLine($"HEALTHCHECK --interval=5s --timeout=5s --start-period=60s --retries=3 CMD [\"{ContainerImageRequest.ServiceBinary}\", \"healthcheck\"]")
            .AppendLine($"ENTRYPOINT [\"{ContainerImageRequest.ServiceBinary}\"]")
            // Files from COPY stay owned by root: the service (USER above) can read but not change them.
            .AppendLine($"COPY {ModelsContextDirectory}/ /models/");
        if (stableLabels.Count > 0)
        {
            dockerfile.Append("LABEL");
            foreach (var (key, value) in stableLabels)
            {
                dockerfile.Append(" \\").AppendLine().Append("    ").Append(key).Append('=').Append(Quote(value));
            }

            dockerfile.AppendLine();
        }

        return dockerfile
            .AppendLine($"COPY {AppContextDirectory}/ /app/")
            .ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
