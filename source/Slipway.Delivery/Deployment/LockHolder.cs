namespace Slipway.Delivery.Deployment;

/// <summary>Who holds an environment's deploy lock.</summary>
public sealed record LockHolder(int Pid, string Host, string User, DateTimeOffset StartedAt, DateTimeOffset? ProcessStartedAt, string? Action)
{
    public override string ToString() =>
        $"pid {Pid} on host '{Host}' (user '{User}', {Action ?? "deploy"} started at {StartedAt:u})";

    internal static LockHolder ForCurrentProcess(string? action)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new LockHolder(
            Environment.ProcessId,
            Environment.MachineName,
            Environment.UserName,
            DateTimeOffset.UtcNow,
            new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero),
            action);
    }
}
