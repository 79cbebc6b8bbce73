using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Slipway.Delivery.Models;

/// <summary>
/// One SHA-256 for a whole model version, over every file its manifest lists, so that changing any file (a new vocabulary
/// beside the same weights) changes it and listing the files in another order does not.
/// </summary>
/// <remarks>
/// The digest is the lower-case hex SHA-256 of this UTF-8 text (<see cref="CanonicalText"/>):
/// <code>
/// slipway-model-digest/1\n
/// &lt;path&gt;\t&lt;sha256&gt;\t&lt;size&gt;\n      one line per file, sorted by path (ordinal)
/// </code>
/// <c>path</c> is the manifest's relative path with <c>/</c> separators, <c>sha256</c> its lower-case hex SHA-256, and
/// <c>size</c> its size in bytes in decimal, or <c>-</c> when the manifest does not record one. Only the files count:
/// name, version and settings are not part of it, so the same files under a new version number have the same digest.
/// </remarks>
public static class ModelDigest
{
    public const string Header = "slipway-model-digest/1";

    /// <summary>The lower-case hex digest of the manifest's files; throws <see cref="InvalidDataException"/> naming every bad entry.</summary>
    public static string Compute(ModelManifest manifest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText(manifest))));

    /// <summary>The text the digest is taken over; see the remarks on <see cref="ModelDigest"/>.</summary>
    public static string CanonicalText(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var problems = new List<string>();
        if (manifest.Files.Count == 0)
        {
            problems.Add("it lists no files");
        }

        var lines = new List<string>();
        foreach (var file in manifest.Files)
        {
            var path = file.Path.Replace('\\', '/');
            if (string.IsNullOrWhiteSpace(path) || path.Any(c => c is '\t' or '\n' or '\r'))
            {
                problems.Add($"file path '{file.Path}' is empty or holds a tab or line break");
            }

            if (file.Sha256.Length != 64 || !file.Sha256.All(char.IsAsciiHexDigit))
            {
                problems.Add($"file '{file.Path}' has sha256 '{file.Sha256}', which is not 64 hex digits");
            }

            if (file.Size < 0)
            {
                problems.Add($"file '{file.Path}' has size {file.Size}; a size is 0 or more bytes");
            }

            lines.Add(path + "\t" + file.Sha256.ToLowerInvariant() + "\t" + (file.Size?.ToString(CultureInfo.InvariantCulture) ?? "-"));
        }

        var paths = lines.Select(line => line[..line.IndexOf('\t', StringComparison.Ordinal)]).ToList();
        foreach (var duplicate in paths.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"file '{duplicate.Key}' is listed {duplicate.Count()} times");
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"Model '{manifest.Name}' version '{manifest.Version}' has no digest because its manifest is not valid: {string.Join("; ", problems)}. " +
                "Fix model.json (every file once, with its 64-digit sha256) or materialise the model again.");
        }

        var text = new StringBuilder(Header).Append('\n');
        foreach (var line in lines.Order(StringComparer.Ordinal))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }
}
