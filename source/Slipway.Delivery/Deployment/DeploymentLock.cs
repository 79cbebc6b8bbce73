using System.Text.Json;

namespace Slipway.Delivery.Deployment;

/// <summary>
/// An exclusive, per-environment lock file holding the holder's pid, host, user and start time.
/// A lock whose holder process is gone from this host is stale and is taken over.
/// </summary>
public sealed class DeploymentLock : IAsyncDisposable
{
    private readonly string _path;
    private readonly LockHolder _holder;
    private bool _released;

    private DeploymentLock(string path, LockHolder holder)
    {
        _path = path;
        _holder = holder;
    }

    public string Path => _path;

    public LockHolder Holder => _holder;

    public static string PathFor(string stateDirectory, string environment) =>
        System.IO.Path.Combine(stateDirectory, environment + ".lock");

    /// <summary>Takes the lock at once or throws <see cref="DeploymentLockedException"/> naming the holder.</summary>
    public static DeploymentLock Acquire(string path, string environment, string? action = null)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        var holder = LockHolder.ForCurrentProcess(action);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var temporary = fullPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(holder, DeploymentLedger.JsonOptions));
            try
            {
                // Move without overwrite is an atomic link(2): exactly one process creates the lock with its holder inside.
                File.Move(temporary, fullPath, overwrite: false);
                return new DeploymentLock(fullPath, holder);
            }
            catch (IOException)
            {
                File.Delete(temporary);
            }

            var (existing, raw) = ReadHolder(fullPath);
            if (raw is null)
            {
                continue; // released or moved aside between our attempt and our read: try again, never remove what we did not read
            }

            if (existing is not null && !IsStale(existing))
            {
                throw new DeploymentLockedException(environment, fullPath, existing);
            }

            RemoveStale(fullPath, raw);
        }

        var last = ReadHolder(fullPath).Holder;
        throw last is null
            ? new DeploymentFailedException($"Could not take the deploy lock '{fullPath}' after 3 attempts. Remove the file if no deploy is running.")
            : new DeploymentLockedException(environment, fullPath, last);
    }

    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }

    public void Release()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        var (current, _) = ReadHolder(_path);
        if (current is not null && current.Pid == _holder.Pid && current.StartedAt == _holder.StartedAt && current.Host == _holder.Host)
        {
            File.Delete(_path);
        }
    }

    internal static bool IsStale(LockHolder holder)
    {
        if (!string.Equals(holder.Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return false; // a holder on another machine cannot be checked from here
        }

        if (holder.Pid == Environment.ProcessId)
        {
            return false; // this very process holds it (another deploy on another thread)
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(holder.Pid);
            if (process.HasExited)
            {
                return true;
            }

            // A recycled pid belongs to a process that started after the lock was taken.
            var started = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
            return holder.ProcessStartedAt is { } expected && Math.Abs((started - expected).TotalSeconds) > 1;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static (LockHolder? Holder, string? Raw) ReadHolder(string path)
    {
        try
        {
            var raw = File.ReadAllText(path);
            try
            {
                return (JsonSerializer.Deserialize<LockHolder>(raw, DeploymentLedger.JsonOptions), raw);
            }
            catch (JsonException)
            {
                return (null, raw); // half-written by a crashed writer: stale
            }
        }
        catch (FileNotFoundException)
        {
            return (null, null);
        }
        catch (DirectoryNotFoundException)
        {
            return (null, null);
        }
    }

    private static void RemoveStale(string path, string expectedRaw)
    {
        var aside = path + "." + Guid.NewGuid().ToString("N") + ".stale";
        try
        {
            File.Move(path, aside, overwrite: false);
        }
        catch (FileNotFoundException)
        {
            return;
        }

        // Another process may have replaced the stale lock between our read and the move: put a live lock back.
        var moved = File.ReadAllText(aside);
        if (moved != expectedRaw)
        {
            try
            {
                File.Move(aside, path, overwrite: false);
                return;
            }
            catch (IOException)
            {
            }
        }

        File.Delete(aside);
    }
}
