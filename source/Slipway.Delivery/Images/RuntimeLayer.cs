using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Slipway.Delivery.Images;

/// <summary>
/// The one layer under the models and the app: only what the self-contained service needs from the base's file system.
/// The libraries its native files need (the <c>ldd</c> closure, read from their ELF headers), the libraries .NET loads with
/// dlopen (OpenSSL, ICU), the CA bundle, the time zones, and passwd/group entries for the service's user. No shell, no
/// package manager: nothing else of the base is copied.
/// </summary>
internal static partial class RuntimeLayer
{
    /// <summary>Where the loader looks, in its order (merged-usr bases resolve /lib through the /usr links).</summary>
    private static readonly string[] LibraryDirectories = ["usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu", "usr/lib64", "lib64", "usr/lib", "lib"];

    /// <summary>Loaded with dlopen by System.Security.Cryptography.Native.OpenSsl, so no ELF header names them.</summary>
    private static readonly string[] OpenSsl = ["libssl.so.3", "libcrypto.so.3"];

    private const string CertificateBundle = "etc/ssl/certs/ca-certificates.crt";
    private const string TimeZones = "usr/share/zoneinfo";

    /// <summary>
    /// Files of a linux-x64 publish that the service never loads: the Windows ONNX Runtime, debugging and diagnostics
    /// support (createdump, the DAC, the debugger shim, the LTTng trace provider), the standalone GCs and symbols.
    /// </summary>
    public static bool KeepInApp(string relativePath)
    {
        var name = Path.GetFileName(relativePath);
        return !(name.EndsWith(".dll", StringComparison.Ordinal) && name.StartsWith("onnxruntime", StringComparison.Ordinal))
            && !name.EndsWith(".pdb", StringComparison.Ordinal)
            && !name.EndsWith(".dylib", StringComparison.Ordinal)
            && name is not ("createdump" or "libmscordaccore.so" or "libmscordbi.so" or "libcoreclrtraceptprovider.so" or "libclrgc.so" or "libclrgcexp.so")
            && !(relativePath.StartsWith("runtimes/", StringComparison.Ordinal) && !relativePath.StartsWith("runtimes/linux-x64/", StringComparison.Ordinal));
    }

    /// <summary>The layer's entries, and the base libraries it carries (image paths), for the log and the SBOM.</summary>
    public static (IReadOnlyList<LayerEntry> Entries, IReadOnlyList<string> Libraries) Entries(RootFileSystem root, string publishDirectory, string user)
    {
        var entries = new List<LayerEntry>();
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var appLibraries = Directory.EnumerateFiles(publishDirectory)
            .Where(path => KeepInApp(Path.GetFileName(path)))
            .ToDictionary(path => Path.GetFileName(path), path => path, StringComparer.Ordinal);

        var queue = new Queue<(string HostPath, string Name)>(appLibraries
            .Where(file => file.Key.EndsWith(".so", StringComparison.Ordinal) || file.Key == "Slipway.Serving")
            .Select(file => (file.Value, file.Key)));
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(string imagePath)
        {
            foreach (var (path, target) in root.Chain(imagePath))
            {
                AddParents(entries, path);
                if (target is not null)
                {
                    entries.Add(LayerEntry.Symlink(path, target));
                }
                else if (root.FindFile(path) is { } host)
                {
                    entries.Add(LayerEntry.File(path, host, !OperatingSystem.IsWindows() && (File.GetUnixFileMode(host) & UnixFileMode.UserExecute) != 0));
                }
            }
        }

        void Need(string library, string neededBy)
        {
            if (appLibraries.ContainsKey(library) || !seen.Add(library))
                return;
            var found = LibraryDirectories.Select(directory => $"{directory}/{library}").FirstOrDefault(path => root.FindFile(path) is not null);
            if (found is null)
            {
                missing.Add($"{library} (needed by {neededBy})");
                return;
            }

            Add(found);
            libraries.Add(found);
            queue.Enqueue((root.FindFile(found)!, library));
        }

        foreach (var library in OpenSsl)
            Need(library, "System.Security.Cryptography.Native.OpenSsl, through dlopen");
        foreach (var library in IcuLibraries(root))
            Need(library, "System.Globalization.Native, through dlopen");

        while (queue.TryDequeue(out var file))
        {
            if (ElfDependencies.Read(file.HostPath) is not { } elf)
                continue;
            if (elf.Interpreter is { } interpreter && seen.Add(interpreter))
            {
                if (root.FindFile(interpreter) is null)
                    missing.Add($"{interpreter} (the loader {file.Name} names)");
                else
                {
                    Add(interpreter);
                    libraries.Add(interpreter.TrimStart('/'));
                }
            }

            foreach (var library in elf.Needed)
                Need(library, file.Name);
        }

        if (root.FindFile(CertificateBundle) is null)
            missing.Add($"/{CertificateBundle} (package ca-certificates)");
        else
            Add(CertificateBundle);

        var zones = root.Under(TimeZones).ToList();
        if (zones.Count == 0)
            missing.Add($"/{TimeZones} (package tzdata)");
        foreach (var zone in zones)
            Add(zone);

        if (missing.Count > 0)
        {
            throw new ContainerImageBuildException(
                "The base image lacks what the service needs at run time:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", missing)
                + Environment.NewLine + "Use a base with these packages (the default BaseImage recipe installs them).");
        }

        var (uid, gid) = ParseUser(user);
        entries.Add(LayerEntry.Bytes("etc/passwd", Encoding.ASCII.GetBytes($"root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:{uid}:{gid}:app:/home/app:/usr/sbin/nologin\n")));
        entries.Add(LayerEntry.Bytes("etc/group", Encoding.ASCII.GetBytes($"root:x:0:\napp:x:{gid}:\n")));
        entries.Add(LayerEntry.Directory("etc"));
        entries.Add(LayerEntry.Directory("home"));
        entries.Add(LayerEntry.Directory("home/app") with { Uid = uid, Gid = gid });
        // .NET's diagnostics IPC socket and temporary files
        entries.Add(LayerEntry.Directory("tmp") with { Mode = LayerEntry.Executable | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit });
        return (entries, [.. libraries]);
    }

    private static IEnumerable<string> IcuLibraries(RootFileSystem root) =>
        LibraryDirectories
            .SelectMany(directory => root.Under(directory).Select(Path.GetFileName))
            .Where(name => name is not null && IcuName().IsMatch(name))
            .Select(name => name!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private static void AddParents(List<LayerEntry> entries, string path)
    {
        foreach (var parent in LayerEntry.Parents(path))
            entries.Add(LayerEntry.Directory(parent));
    }

    private static (int Uid, int Gid) ParseUser(string user)
    {
        var parts = user.Split(':');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : int.Parse(parts[0], CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^libicu(uc|i18n|data)\.so\.\d+$")]
    private static partial Regex IcuName();
}
