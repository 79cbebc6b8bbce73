using System.Runtime.InteropServices;

namespace Slipway.Tooling;

/// <summary>Unix signals to a process by id, for graceful shutdowns (a service draining, a daemon unmounting).</summary>
public static class ProcessSignals
{
    private const int SigTerm = 15;
    private const int NoSuchProcess = 3; // ESRCH on Linux and macOS

    /// <summary>Sends SIGTERM to <paramref name="processId"/>; a process that is already gone counts as done.</summary>
    public static void Terminate(int processId)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            throw new PlatformNotSupportedException($"Sending SIGTERM to process {processId} needs Linux or macOS; this is {RuntimeInformation.OSDescription}.");
        if (Kill(processId, SigTerm) == 0)
            return;
        var error = Marshal.GetLastPInvokeError();
        if (error != NoSuchProcess)
            throw new InvalidOperationException($"Could not send SIGTERM to process {processId}: kill failed with errno {error}. Check that this process may signal it (same user, or root).");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);
}
