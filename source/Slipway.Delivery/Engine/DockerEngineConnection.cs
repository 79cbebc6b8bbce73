using Docker.DotNet;

namespace Slipway.Delivery.Engine;

/// <summary>A connected Docker client and what was done to get it. Dispose to close the client.</summary>
public sealed class DockerEngineConnection : IDisposable
{
    internal DockerEngineConnection(DockerClient client, string host, string serverVersion, string apiVersion, DockerEngineProvisioning provisioning)
    {
        Client = client;
        Host = host;
        ServerVersion = serverVersion;
        ApiVersion = apiVersion;
        Provisioning = provisioning;
    }

    public DockerClient Client { get; }

    public string Host { get; }

    public string ServerVersion { get; }

    public string ApiVersion { get; }

    public DockerEngineProvisioning Provisioning { get; }

    /// <summary>One line for the build log, e.g. "Docker 20.10.24 (API 1.41) at unix:///var/run/docker.sock, already running".</summary>
    public string Description => $"Docker {ServerVersion} (API {ApiVersion}) at {Host}, " + Provisioning switch
    {
        DockerEngineProvisioning.AlreadyRunning => "already running",
        DockerEngineProvisioning.Started => "started by the build",
        _ => "installed (docker.io) and started by the build",
    };

    public void Dispose() => Client.Dispose();
}
