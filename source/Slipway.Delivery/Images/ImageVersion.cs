using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Slipway.Delivery.Images;

/// <summary>
/// The version an image is tagged with, from git: the tag on HEAD (without a leading "v"), else
/// <c>0.0.0-&lt;height&gt;+&lt;sha&gt;</c>. Docker tags may not contain '+', so <see cref="DockerTag"/> maps it to '.'.
/// </summary>
public sealed partial record ImageVersion(string SemanticVersion, string Commit)
{
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
        var commit = (await GitAsync(repositoryDirectory, ["rev-parse", "HEAD"], cancellationToken).ConfigureAwait(false)).Output
            ?? throw new InvalidOperationException(
                $"'{repositoryDirectory}' is not a git checkout with at least one commit, so no image version can be derived. Run the build from a clone of the repository.");

        var tag = (await GitAsync(repositoryDirectory, ["describe", "--tags", "--exact-match", "HEAD"], cancellationToken).ConfigureAwait(false)).Output;
        if (tag is not null)
        {
            return new ImageVersion(tag.StartsWith('v') && tag.Length > 1 && char.IsDigit(tag[1]) ? tag[1..] : tag, commit);
        }

        var height = (await GitAsync(repositoryDirectory, ["rev-list", "--count", "HEAD"], cancellationToken).ConfigureAwait(false)).Output ?? "0";
        return new ImageVersion(string.Create(CultureInfo.InvariantCulture, $"0.0.0-{height}+{commit[..12]}"), commit);
    }

    private static async Task<(int ExitCode, string? Output)> GitAsync(string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start 'git'; install git to derive the image version.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode == 0 && !string.IsNullOrWhiteSpace(output) ? (0, output.Trim()) : (process.ExitCode, null);
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex InvalidTagCharacters();
}
