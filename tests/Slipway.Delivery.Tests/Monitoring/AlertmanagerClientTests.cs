using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>The client against answers shaped like Alertmanager 0.25's (the real one is asked in <see cref="MonitoringStackTests"/>).</summary>
public sealed class AlertmanagerClientTests
{
    [Fact]
    public async Task ListsTheActiveAlertsWithNameLabelsSummaryAndStart()
    {
        // Arrange
        await using var api = HttpStandIn.Start(_ => StandInAnswer.Json("""
            [{"annotations":{"summary":"Colour blue answers 80% of requests without a 5xx"},"endsAt":"2026-12-02T04:25:00Z","fingerprint":"a","receivers":[{"name":"none"}],
              "startsAt":"2026-12-02T04:20:00.25Z","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},"updatedAt":"2026-12-02T04:21:00Z",
              "labels":{"alertname":"SlipwayErrorRateOverSlo","colour":"blue","severity":"critical"}}]
            """));

        // Act
        var alerts = await new AlertmanagerClient(api.Url).FiringAsync();

        // Assert
        var alert = alerts.ShouldHaveSingleItem();
        alert.Name.ShouldBe("SlipwayErrorRateOverSlo");
        alert.Labels["colour"].ShouldBe("blue");
        alert.Summary.ShouldBe("Colour blue answers 80% of requests without a 5xx");
        alert.StartsAt.ShouldBe(new DateTimeOffset(2026, 12, 2, 4, 20, 0, 250, TimeSpan.Zero));
        api.Requests.Single().Path.ShouldBe("/api/v2/alerts?active=true&silenced=false&inhibited=false");
    }

    [Fact]
    public async Task NothingListeningIsUnavailableNamingTheAddress()
    {
        // Arrange
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        // Act
        var failure = await Should.ThrowAsync<AlertmanagerUnavailableException>(() => new AlertmanagerClient(address).FiringAsync());

        // Assert
        failure.Message.ShouldContain(address.ToString());
    }
}
