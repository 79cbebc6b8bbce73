using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Tooling;

namespace Slipway.Delivery.Images;

/// <summary>
/// The version an image is tagged with, from git: the tag on HEAD (without a leading "v"), else
/// <c>0.0.0-&lt;height&gt;+&lt;sha&gt;</c>. Docker tags may not contain '+', so <see cref="DockerTag"/> maps it to '.'.
/// </summary>
public sealed partial record ImageVersion(string SemanticVersion, string Commit)
{
    /// <summary>The commit's committer time (SOURCE_DATE_EPOCH); the image's times all come from it.</summary>
    public DateTimeOffset CommitTime { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>The version as a Docker tag: '+' (not allowed in tags) becomes '.', e.g. "0.0.0-42.1a2b3c4d5e6f".</summary>
    public string DockerTag => ToDockerTag(SemanticVersion);

    /// <summary>Maps a SemVer string to a valid Docker tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}).</summary>
    public static string ToDockerTag(string version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        var tag = InvalidTagCharacters().Replace(version.Replace('+', '.'), "-");
        if (!char.IsLetterOrDigit(tag[0]) && tag[0] != '_')
        {
            tag = "v" + tag;
        }

        return tag.Length > 128 ? tag[..128] : tag;
    }

    /// <summary>Reads the version of the git checkout at <paramref name="repositoryDirectory"/>.</summary>
    public static async Task<ImageVersion> FromGitAsync(string repositoryDirectory, CancellationToken cancellationToken = default)
    {
        var commit = await Git.TryRunAsync(repositoryDirectory, ["rev-parse", "HEAD"], cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"'{repositoryDirectory}' is not a git checkout with at least one commit, so no image version can be derived. Run the build from a clone of the repository.");

        var epoch = await Git.TryRunAsync(repositoryDirectory, ["log", "-1", "--format=%ct", "HEAD"], cancellationToken: cancellationToken).ConfigureAwait(false);
        var commitTime = long.TryParse(epoch, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UnixEpoch;
        var tag = await Git.TryRunAsync(repositoryDirectory, ["describe", "--tags", "--exact-match", "HEAD"], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (tag is not null)
        {
            return new ImageVersion(tag.StartsWith('v') && tag.Length > 1 && char.IsDigit(tag[1]) ? tag[1..] : tag, commit) { CommitTime = commitTime };
        }

        var height = await Git.TryRunAsync(repositoryDirectory, ["rev-list", "--count", "HEAD"], cancellationToken: cancellationToken).ConfigureAwait(false) ?? "0";
        return new ImageVersion(string.Create(CultureInfo.InvariantCulture, $"0.0.0-{height}+{commit[..12]}"), commit) { CommitTime = commitTime };
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex InvalidTagCharacters();
}
