namespace Slipway.Delivery.Deployment.Containers;

/// <summary>Labels Slipway puts on what it creates, so an environment's containers can be found again.</summary>
public static class ContainerLabels
{
    public const string App = "org.slipway.app";
    public const string Environment = "org.slipway.environment";
    public const string Role = "org.slipway.role";
    public const string Colour = "org.slipway.colour";
    public const string Port = "org.slipway.port";
    /// <summary>The service container's gRPC port, on a container whose image speaks gRPC.</summary>
    public const string GrpcPort = "org.slipway.grpc-port";
    public const string DeploymentId = "org.slipway.deployment-id";
    /// <summary>The digest over all files of the models a service container serves (comma-separated, in the order of the request's models).</summary>
    public const string ModelDigest = "org.slipway.model-digest";

    public const string EdgeRole = "edge";
    public const string ServiceRole = "service";

    /// <summary>The environment's Prometheus, Alertmanager and edge-metrics exporter (see <c>Monitoring.MonitoringStack</c>).</summary>
    public const string MonitoringRole = "monitoring";

    /// <summary>Carried by everything a test run creates (value: the run), so what it leaks can be found and removed.</summary>
    public const string TestRun = "org.slipway.test";

    /// <summary>Slipway's own labels; <see cref="DeployRequest.ExtraLabels"/> may not set them.</summary>
    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal) { App, Environment, Role, Colour, Port, GrpcPort, DeploymentId, ModelDigest };

    /// <summary>The app, environment and (when given) role labels, plus the request's extra labels.</summary>
    internal static Dictionary<string, string> For(DeployRequest request, string? role = null)
    {
        var labels = new Dictionary<string, string>(request.ExtraLabels, StringComparer.Ordinal)
        {
            [App] = request.App,
            [Environment] = request.Environment,
        };
        if (role is not null)
        {
            labels[Role] = role;
        }

        return labels;
    }
}
