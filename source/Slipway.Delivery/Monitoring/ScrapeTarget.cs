namespace Slipway.Delivery.Monitoring;

/// <summary>
/// One service container Prometheus scrapes (job <c>service</c>), with the labels every one of its series gets.
/// <see cref="Release"/>, <see cref="Image"/> and <see cref="ModelDigest"/> are left out when null.
/// </summary>
/// <param name="Address">host:port of the service, e.g. <c>127.0.0.1:8081</c>.</param>
public sealed record ScrapeTarget(string Address, string Colour, string? Release, string? Image, string? ModelDigest)
{
    public const string ColourLabel = "colour";
    public const string ReleaseLabel = "release";
    public const string ImageLabel = "image";
    public const string ModelDigestLabel = "model_digest";

    /// <summary>The target labels; none of them may be a label of the service's own metrics (Prometheus would rename it <c>exported_…</c>).</summary>
    public static IReadOnlyList<string> LabelNames { get; } = [ColourLabel, ReleaseLabel, ImageLabel, ModelDigestLabel];

    /// <summary>The labels with a value, in <see cref="LabelNames"/> order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels() =>
        new (string Name, string? Value)[] { (ColourLabel, Colour), (ReleaseLabel, Release), (ImageLabel, Image), (ModelDigestLabel, ModelDigest) }
            .Where(label => !string.IsNullOrEmpty(label.Value))
            .Select(label => KeyValuePair.Create(label.Name, label.Value!))
            .ToList();

    /// <summary>Problems with the values, each naming the field and a valid example; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var colon = Address?.LastIndexOf(':') ?? -1;
        if (string.IsNullOrWhiteSpace(Address) || colon <= 0 || Address.Contains('/', StringComparison.Ordinal) || Address.Any(char.IsWhiteSpace)
            || !int.TryParse(Address.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problems.Add($"Scrape target address '{Address}' is not host:port; use e.g. '127.0.0.1:8081'.");
        }

        if (string.IsNullOrWhiteSpace(Colour))
            problems.Add($"Scrape target '{Address}' has no colour; name the colour it serves, e.g. 'blue'.");
        return problems;
    }
}
