using System.Text.Json.Serialization;

namespace Slipway.Delivery.Models;

/// <summary>
/// <c>models/registry.json</c>: every model's registered versions and its aliases (<see cref="Champion"/>, the version
/// that is served; <see cref="Challenger"/>, one that passed its gate but was not promoted), with the history of every
/// alias move. Immutable: each change returns a new registry.
/// </summary>
public sealed record ModelRegistry
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";

    [JsonPropertyName("models")] public required IReadOnlyDictionary<string, RegisteredModel> Models { get; init; }

    public static ModelRegistry Empty { get; } = new() { Models = new SortedDictionary<string, RegisteredModel>(StringComparer.Ordinal) };

    /// <summary>The version an alias points at, or null.</summary>
    public string? Resolve(string model, string alias) =>
        Models.TryGetValue(model, out var registered) && registered.Aliases.TryGetValue(alias, out var version) ? version : null;

    /// <summary>Every model with a champion, and that champion's version, by model name.</summary>
    public IReadOnlyList<(string Model, string Version)> Champions() =>
        [.. Models.Where(m => m.Value.Aliases.ContainsKey(Champion)).Select(m => (m.Key, m.Value.Aliases[Champion])).OrderBy(m => m.Key, StringComparer.Ordinal)];

    /// <summary>Adds a version (it must be new).</summary>
    public ModelRegistry Register(string model, RegisteredVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var registered = Models.GetValueOrDefault(model) ?? RegisteredModel.Empty;
        if (registered.Versions.Any(v => v.Version == version.Version))
        {
            throw new InvalidOperationException($"Model '{model}' already has a version '{version.Version}' in the registry; a new version needs a new number.");
        }

        return With(model, registered with { Versions = [.. registered.Versions, version] });
    }

    /// <summary>Points <paramref name="alias"/> of <paramref name="model"/> at a registered version and records who moved it and why.</summary>
    public ModelRegistry MoveAlias(string model, string alias, string version, string by, string reason, DateTimeOffset at)
    {
        if (!Models.TryGetValue(model, out var registered))
        {
            throw new InvalidOperationException(
                $"Model '{model}' is not in the registry; registered models are {Names(Models.Keys)}.");
        }

        if (registered.Versions.All(v => v.Version != version))
        {
            throw new InvalidOperationException(
                $"Model '{model}' has no version '{version}' in the registry; its versions are {Names(registered.Versions.Select(v => v.Version))}.");
        }

        var aliases = new SortedDictionary<string, string>(registered.Aliases.ToDictionary(), StringComparer.Ordinal);
        var previous = aliases.GetValueOrDefault(alias);
        aliases[alias] = version;
        // a version is champion or challenger, not both
        foreach (var other in aliases.Where(a => a.Key != alias && a.Value == version).Select(a => a.Key).ToList())
        {
            aliases.Remove(other);
        }

        var change = new AliasChange(alias, version, previous, by, reason, at);
        return With(model, registered with { Aliases = aliases, History = [.. registered.History, change] });
    }

    /// <summary>The highest numbered version of a model, or 0.</summary>
    public int LatestVersionNumber(string model) =>
        Models.TryGetValue(model, out var registered)
            ? registered.Versions.Select(v => int.TryParse(v.Version, out var n) ? n : 0).DefaultIfEmpty(0).Max()
            : 0;

    private ModelRegistry With(string model, RegisteredModel registered)
    {
        var models = new SortedDictionary<string, RegisteredModel>(Models.ToDictionary(), StringComparer.Ordinal) { [model] = registered };
        return this with { Models = models };
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.Select(n => $"'{n}'").ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}

/// <summary>One model in the registry: its versions, aliases and alias history.</summary>
public sealed record RegisteredModel
{
    [JsonPropertyName("versions")] public required IReadOnlyList<RegisteredVersion> Versions { get; init; }
    [JsonPropertyName("aliases")] public required IReadOnlyDictionary<string, string> Aliases { get; init; }
    [JsonPropertyName("history")] public required IReadOnlyList<AliasChange> History { get; init; }

    public static RegisteredModel Empty { get; } = new()
    {
        Versions = [],
        Aliases = new SortedDictionary<string, string>(StringComparer.Ordinal),
        History = [],
    };
}

/// <summary>A registered version: when, and its test-split accuracy and macro-F1 when it was trained here.</summary>
public sealed record RegisteredVersion(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("registeredAt")] DateTimeOffset RegisteredAt,
    [property: JsonPropertyName("accuracy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Accuracy = null,
    [property: JsonPropertyName("macroF1"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MacroF1 = null);

/// <summary>One move of an alias: to which version, from which, by whom, why and when.</summary>
public sealed record AliasChange(
    [property: JsonPropertyName("alias")] string Alias,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("previous")] string? Previous,
    [property: JsonPropertyName("by")] string By,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("at")] DateTimeOffset At);
