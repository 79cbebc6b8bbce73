namespace Slipway.Delivery.Deployment;

/// <summary>Where an environment runs.</summary>
public enum DeploymentBackend
{
    /// <summary>Blue/green containers on one Docker engine behind an nginx edge container.</summary>
    Engine,

    /// <summary>A Docker Swarm service with rolling, start-first updates and automatic rollback.</summary>
    Swarm,

    /// <summary>A Kubernetes cluster: a Deployment (or an Argo Rollout canary) applied server-side through the API.</summary>
    Kubernetes,
}
