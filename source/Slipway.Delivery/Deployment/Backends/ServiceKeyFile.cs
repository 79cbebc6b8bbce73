using System.Runtime.InteropServices;
using System.Text;

namespace Slipway.Delivery.Deployment.Backends;

/// <summary>
/// The service's API keys as a file for one colour's container: written on a tmpfs directory of the host (memory only,
/// gone on reboot), readable only by the image's user, and bind-mounted read-only at <see cref="ContainerPath"/>, which the
/// service reads as <c>Serving:Auth:ApiKeyFile</c>. The container's configuration holds the path, never a key.
/// </summary>
internal static partial class ServiceKeyFile
{
    public const string ContainerPath = "/run/secrets/slipway/api-keys";
    public const string Variable = "Serving__Auth__ApiKeyFile";
    private const long TmpfsMagic = 0x01021994;

    public static string HostPath(DeployRequest request, string colour) =>
        Path.Combine(request.SecretsDirectory, $"{request.App}-{request.Environment}-{colour}.api-keys");

    /// <summary>Writes the keys for <paramref name="colour"/>, owned by <paramref name="imageUser"/> (the image's USER, numeric uid[:gid] or empty for root), mode 0400.</summary>
    public static string Write(DeployRequest request, string colour, string? imageUser)
    {
        if (OperatingSystem.IsWindows())
            throw new DeploymentFailedException("API key files on tmpfs need a Linux Docker host; deploy from Linux, or leave ApiKeys unset.");
        var (uid, gid) = Owner(imageUser);
        var directory = request.SecretsDirectory;
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!IsTmpfs(directory))
        {
            throw new DeploymentFailedException(
                $"The secrets directory '{directory}' is not on tmpfs, so the API keys would be written to disk. Set SecretsDirectory to a tmpfs directory (e.g. under /dev/shm or $XDG_RUNTIME_DIR).");
        }

        var path = HostPath(request, colour);
        File.Delete(path);
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            stream.Write(Encoding.UTF8.GetBytes(string.Join('\n', request.ApiKeys) + "\n"));
        }

        if (chown(path, uid, gid) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            File.Delete(path);
            throw new DeploymentFailedException(
                $"Could not give the API key file to the image's user {uid}:{gid} (errno {errno}); deploy as root, or build the image with a USER this account may chown to.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        return path;
    }

    /// <summary>Removes the key files of the environment's colours that have no container any more.</summary>
    public static void RemoveExcept(DeployRequest request, IReadOnlyCollection<string> coloursWithContainers)
    {
        if (!Directory.Exists(request.SecretsDirectory))
            return;
        foreach (var colour in new[] { EngineBackend.Blue, EngineBackend.Green }.Except(coloursWithContainers))
        {
            File.Delete(HostPath(request, colour));
        }
    }

    internal static (int Uid, int Gid) Owner(string? imageUser)
    {
        if (string.IsNullOrEmpty(imageUser))
            return (0, 0);
        var parts = imageUser.Split(':');
        if (int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var uid) && uid >= 0)
        {
            var gid = uid;
            if (parts.Length < 2 || int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out gid))
                return (uid, gid);
        }

        throw new DeploymentFailedException(
            $"The image's USER '{imageUser}' is not a numeric uid[:gid], so the API key file cannot be given to it; build the image with a numeric USER (e.g. 1654:1654).");
    }

    private static bool IsTmpfs(string directory) => statfs(directory, out var stat) == 0 && stat.Type == TmpfsMagic;

    [StructLayout(LayoutKind.Sequential)]
    private struct StatFs
    {
        public long Type;
        public long BlockSize;
        public ulong Blocks, Free, Available, Files, FreeFiles;
        public long FsId, NameLength, FragmentSize, Flags;
        public long Spare0, Spare1, Spare2, Spare3;
    }

    [LibraryImport("libc", EntryPoint = "statfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int statfs(string path, out StatFs buffer);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int chown(string path, int owner, int group);
}
