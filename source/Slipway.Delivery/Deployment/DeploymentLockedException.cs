namespace Slipway.Delivery.Deployment;

/// <summary>Another deploy holds the environment's lock.</summary>
public sealed class DeploymentLockedException(string environment, string lockPath, LockHolder holder)
    : DeploymentFailedException(
        $"Environment '{environment}' is locked by another deploy: {holder}. " +
        $"Wait for it to finish; if that process is gone on another machine, remove '{lockPath}'.")
{
    public string Environment { get; } = environment;
    public string LockPath { get; } = lockPath;
    public LockHolder Holder { get; } = holder;
}
