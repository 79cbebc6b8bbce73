namespace Slipway.Delivery.Engine;

/// <summary>What <see cref="DockerEngine.EnsureAsync"/> had to do to get an engine.</summary>
public enum DockerEngineProvisioning
{
    /// <summary>An engine already answered.</summary>
    AlreadyRunning,

    /// <summary>dockerd was installed already; it was started.</summary>
    Started,

    /// <summary>docker.io was installed with apt and dockerd was started.</summary>
    InstalledAndStarted,
}
