using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Slipway.Delivery.Deployment;

/// <summary>
/// An exclusive, per-environment deploy lock: a kernel lock (flock(2)) on a lock file that is never deleted, with the
/// holder's pid, host, user and start time written inside once the lock is taken. The kernel releases the lock when
/// its holder exits or dies, so a crashed deploy never blocks the next one; the next one sees the details the crashed
/// holder left behind in <see cref="RecoveredFrom"/>.
/// </summary>
public sealed class DeploymentLock : IAsyncDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly Lock _releasing = new();
    private bool _released;

    private DeploymentLock(string path, SafeFileHandle handle, LockHolder holder, bool recovered, LockHolder? recoveredFrom)
    {
        Path = path;
        _handle = handle;
        Holder = holder;
        Recovered = recovered;
        RecoveredFrom = recoveredFrom;
    }

    /// <summary>The full path of the lock file.</summary>
    public string Path { get; }

    /// <summary>This process, as written into the lock file.</summary>
    public LockHolder Holder { get; }

    /// <summary>True when the previous holder did not release the lock cleanly (it crashed or was killed).</summary>
    public bool Recovered { get; }

    /// <summary>The details a holder that did not release cleanly left behind, when they were readable.</summary>
    public LockHolder? RecoveredFrom { get; }

    public static string PathFor(string stateDirectory, string environment) =>
        System.IO.Path.Combine(stateDirectory, environment + ".lock");

    /// <summary>Takes the lock at once or throws <see cref="DeploymentLockedException"/> naming the holder.</summary>
    public static DeploymentLock Acquire(string path, string environment, string? action = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);

        // Each call opens its own file description, so two acquirers in one process exclude each other as well.
        var handle = LockFile.TryOpenExclusive(fullPath)
            ?? throw new DeploymentLockedException(environment, fullPath, ReadHolder(fullPath));
        try
        {
            // A clean release empties the file: anything still inside was left by a holder that crashed or was killed.
            var leftOver = LockFile.ReadAll(handle);
            var holder = LockHolder.ForCurrentProcess(action);
            LockFile.Overwrite(handle, JsonSerializer.SerializeToUtf8Bytes(holder, DeploymentLedger.JsonOptions));
            return new DeploymentLock(fullPath, handle, holder, recovered: leftOver.Length > 0, Parse(leftOver));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The holder recorded in the lock file, readable while the lock is held; null when the file is missing or empty
    /// (never taken, released, or held by a process that writes no details, such as flock(1)).
    /// A holder that crashed leaves its details behind, so a non-null answer alone does not prove the lock is held.
    /// </summary>
    public static LockHolder? ReadHolder(string path)
    {
        using var handle = LockFile.OpenForReading(System.IO.Path.GetFullPath(path));
        return handle is null ? null : Parse(LockFile.ReadAll(handle));
    }

    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }

    /// <summary>Empties the lock file and releases the lock; the file stays for the next deploy.</summary>
    public void Release()
    {
        lock (_releasing)
        {
            if (_released)
            {
                return;
            }

            _released = true;
        }

        try
        {
            LockFile.Overwrite(_handle, []);
        }
        finally
        {
            _handle.Dispose(); // closing the last descriptor releases the kernel lock
        }
    }

    private static LockHolder? Parse(byte[] content)
    {
        if (content.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<LockHolder>(content, DeploymentLedger.JsonOptions);
        }
        catch (JsonException)
        {
            return null; // half-written by a holder that died while writing, or not ours
        }
    }
}
