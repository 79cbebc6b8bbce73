using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Slipway.Delivery.Deployment;

/// <summary>
/// The lock file underneath <see cref="DeploymentLock"/>: an exclusive kernel lock (flock(2) on Unix) on a file that is
/// never deleted. The kernel releases it when its holder closes the file or dies, so a crash never leaves it held.
/// </summary>
/// <remarks>
/// .NET's own FileStream/File.OpenHandle apply flock on Unix too (LOCK_EX for FileShare.None, LOCK_SH for read-only
/// access), which would stop anyone from even reading the holder's details. So on Unix the file is opened with libc
/// open(2) (O_CLOEXEC, so child processes such as docker never inherit the lock) and locked with flock(2) explicitly;
/// readers open it the same way, without a lock. On Windows an open without write sharing is the lock.
/// Other systems are refused: open(2) is variadic, and its mode argument is only passed like a fixed one on Linux ABIs.
/// </remarks>
internal static partial class LockFile
{
    /// <summary>Opens the file (creating it) and takes the exclusive lock at once; null when someone else holds it.</summary>
    public static SafeFileHandle? TryOpenExclusive(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return TryOpenExclusiveOnWindows(path);
        }

        EnsureSupported(path);
        var handle = Open(path, Flags.ReadWrite | Flags.Create);
        while (Native.Flock(handle, Native.LockExclusive | Native.LockNonBlocking) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error == Native.Interrupted)
            {
                continue;
            }

            handle.Dispose();
            if (error == Native.WouldBlock)
            {
                return null;
            }

            throw new IOException(
                $"Could not lock '{path}': flock failed with {Marshal.GetPInvokeErrorMessage(error)} (errno {error}). " +
                "The state directory must be on a local file system that supports flock(2).");
        }

        return handle;
    }

    /// <summary>Opens the file for reading without taking or waiting for any lock; null when it does not exist.</summary>
    public static SafeFileHandle? OpenForReading(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }
        }

        EnsureSupported(path);
        try
        {
            return Open(path, Flags.ReadOnly);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Replaces the whole content of a file held through <paramref name="handle"/> and flushes it to disk.</summary>
    public static void Overwrite(SafeFileHandle handle, ReadOnlySpan<byte> content)
    {
        RandomAccess.SetLength(handle, 0);
        if (!content.IsEmpty)
        {
            RandomAccess.Write(handle, content, 0);
        }

        RandomAccess.FlushToDisk(handle);
    }

    /// <summary>The whole content of the file behind <paramref name="handle"/>.</summary>
    public static byte[] ReadAll(SafeFileHandle handle)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
            if (read == 0)
            {
                return buffer[..length];
            }

            length += read;
        }
    }

    private static SafeFileHandle Open(string path, Flags flags)
    {
        while (true)
        {
            var fd = Native.Open(path, Native.ToPlatform(flags | Flags.CloseOnExec), Native.ReadWriteForOwnerReadForOthers);
            if (fd >= 0)
            {
                return new SafeFileHandle(fd, ownsHandle: true);
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == Native.Interrupted)
            {
                continue;
            }

            var message = $"Could not open '{path}': {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).";
            throw error == Native.NoSuchFile
                ? new FileNotFoundException(message, path)
                : new IOException(message + " Check that the state directory exists and is writable by this user.");
        }
    }

    private static void EnsureSupported(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                $"The deploy lock '{path}' needs flock(2) on Linux or share modes on Windows; this system is {RuntimeInformation.OSDescription}. " +
                "Deploy from a Linux or Windows machine (a Linux container with the Docker socket mounted works).");
        }
    }

    private static SafeFileHandle? TryOpenExclusiveOnWindows(string path)
    {
        try
        {
            // Others may read the holder's details, nobody else may open it for writing while we hold it.
            return File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (IOException exception) when ((exception.HResult & 0xFFFF) is 32 or 33)
        {
            return null; // ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION: held by someone else
        }
    }

    [Flags]
    private enum Flags
    {
        ReadOnly = 0,
        ReadWrite = 1,
        Create = 2,
        CloseOnExec = 4,
    }
}
