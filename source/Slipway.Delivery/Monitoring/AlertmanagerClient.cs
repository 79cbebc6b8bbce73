using System.Text.Json;

namespace Slipway.Delivery.Monitoring;

/// <summary>Alertmanager's v2 API from C#: the alerts that are firing now.</summary>
public sealed class AlertmanagerClient
{
    private readonly HttpClient _http;

    public AlertmanagerClient(Uri address, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        _http = http ?? MonitoringHttp.Shared;
    }

    public Uri Address { get; }

    /// <summary>Active alerts that are neither silenced nor inhibited, oldest first.</summary>
    /// <exception cref="AlertmanagerUnavailableException">Alertmanager did not answer, or answered with something else than its API.</exception>
    public async Task<IReadOnlyList<FiringAlert>> FiringAsync(CancellationToken cancellationToken = default)
    {
        var (status, body) = await MonitoringHttp.SendAsync(_http, HttpMethod.Get, new Uri(Address, "api/v2/alerts?active=true&silenced=false&inhibited=false"),
            (reason, inner) => new AlertmanagerUnavailableException(Address, reason, inner), cancellationToken).ConfigureAwait(false);
        using var json = MonitoringHttp.TryParse(body);
        if (json is null || json.RootElement.ValueKind != JsonValueKind.Array || (int)status >= 300)
            throw new AlertmanagerUnavailableException(Address, $"it answered {(int)status} with something that is not the list of alerts: '{MonitoringHttp.Excerpt(body)}'");

        return json.RootElement.EnumerateArray()
            .Where(alert => !alert.TryGetProperty("status", out var state) || state.GetProperty("state").GetString() == "active")
            .Select(alert =>
            {
                var labels = Strings(alert, "labels");
                var annotations = Strings(alert, "annotations");
                return new FiringAlert(
                    labels.GetValueOrDefault("alertname", ""),
                    labels,
                    annotations.GetValueOrDefault("summary"),
                    alert.GetProperty("startsAt").GetDateTimeOffset());
            })
            .OrderBy(alert => alert.StartsAt)
            .ToList();
    }

    private static Dictionary<string, string> Strings(JsonElement alert, string property) =>
        alert.TryGetProperty(property, out var values)
            ? values.EnumerateObject().ToDictionary(value => value.Name, value => value.Value.GetString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
