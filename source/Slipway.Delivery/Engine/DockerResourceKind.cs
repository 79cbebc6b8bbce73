namespace Slipway.Delivery.Engine;

/// <summary>What a <see cref="DockerResource"/> is, in the order they are removed (users before what they use).</summary>
public enum DockerResourceKind
{
    Service,
    Container,
    Network,
    Volume,
    Image,
}
