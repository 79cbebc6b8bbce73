using System.Text;
using System.Text.Json;

namespace Slipway.Delivery.Monitoring;

/// <summary>Renders the service targets as a Prometheus <c>file_sd</c> JSON file: one group per target with its labels.</summary>
public static class ScrapeTargetsFile
{
    /// <exception cref="ArgumentException">A target is not valid (every problem is listed).</exception>
    public static string Render(IReadOnlyList<ScrapeTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var problems = targets.SelectMany(target => target.Problems()).ToList();
        problems.AddRange(targets.GroupBy(target => target.Address, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1)
            .Select(group => $"Scrape target address '{group.Key}' is listed {group.Count()} times; list each service container once."));
        if (problems.Count > 0)
            throw new ArgumentException("The scrape targets are not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)), nameof(targets));

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var target in targets)
            {
                json.WriteStartObject();
                json.WriteStartArray("targets");
                json.WriteStringValue(target.Address);
                json.WriteEndArray();
                json.WriteStartObject("labels");
                foreach (var (name, value) in target.Labels())
                    json.WriteString(name, value);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
