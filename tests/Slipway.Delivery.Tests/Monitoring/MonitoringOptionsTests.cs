using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Tests.Monitoring;

public sealed class MonitoringOptionsTests
{
    private const string Credential = "sk-never-printed-0123456789";

    [Fact]
    public void ToStringSaysACredentialIsSetWithoutShowingIt()
    {
        // Act
        var text = new MonitoringOptions { MetricsCredential = Credential }.ToString();

        // Assert
        text.ShouldContain("credential=set");
        text.ShouldNotContain(Credential);
    }

    [Fact]
    public void RefusesAnAlertWindowThatHoldsFewerThanTwoScrapes()
    {
        // Act
        var problems = new MonitoringOptions { ScrapeInterval = TimeSpan.FromSeconds(5), AlertWindow = TimeSpan.FromSeconds(8) }.Problems();

        // Assert
        problems.ShouldHaveSingleItem().ShouldContain("AlertWindow 00:00:08 must hold at least two scrapes");
    }

    [Fact]
    public void RefusesANegativeAlertFor() =>
        new MonitoringOptions { AlertFor = TimeSpan.FromSeconds(-1) }.Problems().ShouldHaveSingleItem().ShouldContain("AlertFor");

    [Fact]
    public void RefusesACredentialWithWhiteSpaceWithoutQuotingIt()
    {
        // Act
        var problems = new MonitoringOptions { MetricsCredential = Credential + " \n" }.Problems();

        // Assert
        problems.ShouldHaveSingleItem().ShouldContain("MetricsCredential");
        problems[0].ShouldNotContain(Credential);
    }

    [Fact]
    public void DefaultsJudgeAlertsOverAMinuteAndFireAfterHalfOfOne()
    {
        // Act
        var options = new MonitoringOptions();

        // Assert
        options.AlertWindow.ShouldBe(TimeSpan.FromMinutes(1));
        options.AlertFor.ShouldBe(TimeSpan.FromSeconds(30));
        options.Problems().ShouldBeEmpty();
    }
}
