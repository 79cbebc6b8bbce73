namespace Slipway.Delivery.Deployment;

/// <summary>Another deploy holds the environment's lock.</summary>
public sealed class DeploymentLockedException(string environment, string lockPath, LockHolder? holder)
    : DeploymentFailedException(Describe(environment, lockPath, holder))
{
    public string Environment { get; } = environment;
    public string LockPath { get; } = lockPath;

    /// <summary>The holder's details from the lock file; null when it has not written them (yet), e.g. flock(1).</summary>
    public LockHolder? Holder { get; } = holder;

    private static string Describe(string environment, string lockPath, LockHolder? holder) =>
        holder is null
            ? $"Environment '{environment}' is locked by another process that has not recorded who it is in '{lockPath}'. " +
              $"Wait for it to finish, or find it with 'fuser -v {lockPath}'. The lock is released when that process exits; never delete the file."
            : $"Environment '{environment}' is locked by another deploy: {holder}. " +
              $"Wait for it to finish. The lock is released as soon as that process exits, even if it crashes, so there is nothing to remove; " +
              $"if it hangs, stop pid {holder.Pid} on host '{holder.Host}'.";
}
