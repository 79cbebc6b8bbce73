using System.Text;

namespace Slipway.Delivery.Images;

/// <summary>An installed Debian package, as the dpkg status file records it.</summary>
/// <param name="Source">The source package (without its version), or null when it has the binary package's name.</param>
public sealed record DpkgPackage(string Name, string Version, string Architecture, string? Source)
{
    /// <summary>The package URL, e.g. <c>pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64</c>.</summary>
    public string PackageUrl => $"pkg:deb/debian/{Name}@{Encode(Version)}?arch={Architecture}";

    private static string Encode(string version)
    {
        var encoded = new StringBuilder();
        foreach (var character in version)
        {
            encoded.Append(char.IsAsciiLetterOrDigit(character) || character is '.' or '-' or '_' or '~' ? character.ToString() : $"%{(int)character:X2}");
        }

        return encoded.ToString();
    }
}
