using System.Collections;

namespace Slipway.Build.Ci;

/// <summary>
/// An ordered YAML mapping for <see cref="YamlWriter"/>. Values are strings, numbers, booleans, <c>null</c>,
/// nested <see cref="YamlMap"/>s and lists of those; the insertion order is the output order.
/// </summary>
internal sealed class YamlMap : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _entries = [];

    /// <summary>Separates the entries by a blank line (top-level sections, jobs).</summary>
    public bool Spaced { get; init; }

    public int Count => _entries.Count;

    public void Add(string key, object? value)
    {
        if (_entries.Any(e => e.Key == key))
            throw new InvalidOperationException($"The YAML mapping already has the key '{key}'; each key may appear once.");
        _entries.Add(new(key, value));
    }

    /// <summary>Adds the entry only when the list has items (GitHub treats an empty filter list differently from none).</summary>
    public void AddNonEmpty(string key, IReadOnlyCollection<string> values)
    {
        if (values.Count > 0)
            Add(key, values.ToList());
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
