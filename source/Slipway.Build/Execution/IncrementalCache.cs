using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Slipway.Build.Definition;
using Slipway.Build.Tools;

namespace Slipway.Build.Execution;

/// <summary>
/// Up-to-date checks for targets that declare inputs and outputs: a fingerprint of the input files' contents and
/// the target's identity (its definition, its code and the parameters it reads, see <see cref="TargetIdentity"/>).
/// A missing or corrupt cache means "run".
/// </summary>
public sealed class IncrementalCache(AbsolutePath root, Func<ExecutableTarget, string> identity, IReadOnlyCollection<ExecutableTarget>? forced)
{
    private readonly AbsolutePath _directory = root / ".nuke" / "temp" / "cache";

    // The fingerprint taken before a target ran is the one recorded after it succeeded: inputs are hashed once,
    // and a file edited while the target ran makes the next run see a change.
    private readonly ConcurrentDictionary<ExecutableTarget, string> _checked = new();

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
        _checked[target] = fingerprint;
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
        var fingerprint = _checked.TryRemove(target, out var before) ? before : await FingerprintAsync(target, cancellationToken).ConfigureAwait(false);
        var entry = new CacheEntry(fingerprint, DateTimeOffset.UtcNow);
        var file = _directory / $"{target.Name}.json";
        var temporary = file + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(entry), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, file, overwrite: true);
    }

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
        hash.AppendData(Encoding.UTF8.GetBytes(identity(target)));
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
