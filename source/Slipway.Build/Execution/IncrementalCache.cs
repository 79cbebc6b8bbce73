using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Slipway.Build.Definition;
using Slipway.Build.Tools;

namespace Slipway.Build.Execution;

/// <summary>
/// Up-to-date checks for targets that declare inputs and outputs: a fingerprint of the input files' contents,
/// the non-secret parameter values and the target's identity. A missing or corrupt cache means "run".
/// </summary>
public sealed class IncrementalCache(AbsolutePath root, string buildIdentity, Func<string> parameterFingerprint, IReadOnlyCollection<ExecutableTarget>? forced)
{
    private readonly AbsolutePath _directory = root / ".nuke" / "temp" / "cache";

    public bool IsForced(ExecutableTarget target) => !target.IsIncremental || forced is { Count: 0 } || forced?.Contains(target) == true;

    /// <summary>Null when the target is up to date, else why it must run.</summary>
    public async Task<string?> CheckAsync(ExecutableTarget target, CancellationToken cancellationToken = default)
    {
        var file = _directory / $"{target.Name}.json";
        if (!file.FileExists())
            return "it has not succeeded before";
        CacheEntry? entry;
        try
        {
            await using var stream = File.OpenRead(file);
            entry = await JsonSerializer.DeserializeAsync<CacheEntry>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return "its cache entry is unreadable";
        }

        if (entry?.Fingerprint is null)
            return "its cache entry is unreadable";
        var missing = MissingOutput(target);
        if (missing is not null)
            return $"output '{missing}' is missing";
        var fingerprint = await FingerprintAsync(target, cancellationToken).ConfigureAwait(false);
        if (fingerprint != entry.Fingerprint)
            return "its inputs or parameters changed";
        foreach (var check in target.Definition.UpToDateChecks)
        {
            if (!await check(cancellationToken).ConfigureAwait(false))
                return "its outputs outside the file system are gone";
        }

        return null;
    }

    public async Task RecordAsync(ExecutableTarget target, CancellationToken cancellationToken = default)
    {
        if (!target.IsIncremental)
            return;
        _directory.CreateDirectory();
        var entry = new CacheEntry(await FingerprintAsync(target, cancellationToken).ConfigureAwait(false), DateTimeOffset.UtcNow);
        var file = _directory / $"{target.Name}.json";
        var temporary = file + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(entry), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, file, overwrite: true);
    }

    public void Invalidate(ExecutableTarget target) => (_directory / $"{target.Name}.json").DeleteFile();

    private string? MissingOutput(ExecutableTarget target)
    {
        foreach (var glob in target.Outputs)
        {
            var isPattern = glob.IndexOfAny(['*', '?', '[']) >= 0;
            var exists = isPattern ? Globbing.Files(root, [glob]).Count > 0 : (root / glob).Exists();
            if (!exists)
                return glob;
        }

        return null;
    }

    private async Task<string> FingerprintAsync(ExecutableTarget target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{buildIdentity}/{target.Name}\n{parameterFingerprint()}\n"));
        foreach (var file in Globbing.Files(root, target.Inputs))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.RelativeTo(root) + "\n"));
            await using var stream = File.OpenRead(file);
            hash.AppendData(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private sealed record CacheEntry(string Fingerprint, DateTimeOffset RecordedAt);
}
