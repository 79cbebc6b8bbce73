using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Slipway.Delivery.Deployment;

internal static partial class LockFile
{
    /// <summary>libc open(2) and flock(2), with the flag and errno values of Linux (the same on x64 and arm64).</summary>
    private static partial class Native
    {
        public const int LockExclusive = 2;
        public const int LockNonBlocking = 4;
        public const int Interrupted = 4;
        public const int NoSuchFile = 2;
        public const int ReadWriteForOwnerReadForOthers = 0b110_100_100; // 0644

        public const int WouldBlock = 11;

        public static int ToPlatform(Flags flags)
        {
            var result = flags.HasFlag(Flags.ReadWrite) ? 2 : 0; // O_RDWR, else O_RDONLY
            if (flags.HasFlag(Flags.Create))
            {
                result |= 0x40; // O_CREAT
            }

            if (flags.HasFlag(Flags.CloseOnExec))
            {
                result |= 0x80000; // O_CLOEXEC
            }

            return result;
        }

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags, int mode);

        [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
        public static partial int Flock(SafeFileHandle fd, int operation);
    }
}
