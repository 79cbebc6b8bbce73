using System.Text.Json.Serialization;

namespace Slipway.Delivery.Reporting.Model;

/// <summary>A part of the report built from one input; <see cref="Reason"/> says why it is not available.</summary>
public abstract record ReportSection
{
    [JsonPropertyOrder(-2)]
    public bool Available => Reason is null;

    /// <summary>Null when the section is available; otherwise what was missing or unreadable and how to produce it.</summary>
    [JsonPropertyOrder(-1)]
    public string? Reason { get; init; }
}
