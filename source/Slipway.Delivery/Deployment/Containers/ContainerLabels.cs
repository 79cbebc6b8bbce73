namespace Slipway.Delivery.Deployment.Containers;

/// <summary>Labels Slipway puts on what it creates, so an environment's containers can be found again.</summary>
public static class ContainerLabels
{
    public const string App = "org.slipway.app";
    public const string Environment = "org.slipway.environment";
    public const string Role = "org.slipway.role";
    public const string Colour = "org.slipway.colour";
    public const string Port = "org.slipway.port";
    public const string DeploymentId = "org.slipway.deployment-id";

    public const string EdgeRole = "edge";
    public const string ServiceRole = "service";
}
