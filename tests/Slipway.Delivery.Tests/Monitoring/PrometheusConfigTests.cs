using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Tests.Monitoring;

public sealed class PrometheusConfigTests
{
    [Fact]
    public void ScrapesTheEdgeMetricsTheServiceTargetsAlertmanagerAndItself()
    {
        // Act
        var config = YamlText.Read(PrometheusConfig.Render(MonitoringRequests.Create()));

        // Assert
        var jobs = config.List("scrape_configs").ToDictionary(job => job.Text("job_name"));
        jobs.Keys.ShouldBe(["edge", "service", "alertmanager", "prometheus"], ignoreOrder: true);
        StaticTarget(jobs["edge"]).ShouldBe("127.0.0.1:9100");
        StaticTarget(jobs["alertmanager"]).ShouldBe("127.0.0.1:9093");
        StaticTarget(jobs["prometheus"]).ShouldBe("127.0.0.1:9090");
        var discovery = (Dictionary<object, object>)jobs["service"].List("file_sd_configs").Single();
        discovery.List("files").ShouldBe(["/etc/slipway/monitoring/targets.json"]);
        discovery.Text("refresh_interval").ShouldBe("2s");
    }

    [Fact]
    public void SendsAlertsToTheEnvironmentsAlertmanagerAndEvaluatesTheGeneratedRules()
    {
        // Act
        var config = YamlText.Read(PrometheusConfig.Render(MonitoringRequests.Create()));

        // Assert
        config.List("rule_files").ShouldBe(["/etc/slipway/monitoring/rules.yml"]);
        var alertmanager = (Dictionary<object, object>)config.Map("alerting").List("alertmanagers").Single();
        alertmanager.Text("api_version").ShouldBe("v2");
        ((Dictionary<object, object>)alertmanager.List("static_configs").Single()).List("targets").ShouldBe(["127.0.0.1:9093"]);
    }

    [Fact]
    public void ScrapesAndEvaluatesAsOftenAsTheOptionsSay()
    {
        // Act
        var config = YamlText.Read(PrometheusConfig.Render(MonitoringRequests.Create(new MonitoringOptions { ScrapeInterval = TimeSpan.FromSeconds(2) })));

        // Assert
        var global = config.Map("global");
        global.Text("scrape_interval").ShouldBe("2s");
        global.Text("scrape_timeout").ShouldBe("2s", "a timeout longer than the interval is refused");
        global.Text("evaluation_interval").ShouldBe("2s");
    }

    [Fact]
    public void LabelsWhatItSendsWithTheAppAndEnvironment()
    {
        // Act
        var config = YamlText.Read(PrometheusConfig.Render(MonitoringRequests.Create()));

        // Assert
        var labels = config.Map("global").Map("external_labels");
        labels.Text("app").ShouldBe("shop");
        labels.Text("environment").ShouldBe("staging");
    }

    [Fact]
    public void ReadsTheCredentialFromItsFileAndNeverHoldsIt()
    {
        // Arrange
        const string credential = "sk-never-in-the-config-0123456789";

        // Act
        var text = PrometheusConfig.Render(MonitoringRequests.Create(new MonitoringOptions { MetricsCredential = credential }));

        // Assert
        text.ShouldNotContain(credential);
        var service = YamlText.Read(text).List("scrape_configs").Single(job => job.Text("job_name") == "service");
        var authorization = service.Map("authorization");
        authorization.Text("type").ShouldBe("Bearer");
        authorization.Text("credentials_file").ShouldBe("/etc/slipway/monitoring/metrics-credential");
    }

    [Fact]
    public void SendsNoAuthorizationWithoutACredential()
    {
        // Act
        var config = YamlText.Read(PrometheusConfig.Render(MonitoringRequests.Create()));

        // Assert
        config.List("scrape_configs").Single(job => job.Text("job_name") == "service").Has("authorization").ShouldBeFalse();
    }

    [Fact]
    public void ListensWhereTheOptionsSayWhenAddressesAreGiven()
    {
        // Arrange
        var options = new MonitoringOptions { AlertmanagerAddress = "127.0.0.1:19093", EdgeMetricsAddress = "127.0.0.1:19100" };

        // Act
        var config = YamlText.Read(PrometheusConfig.Render(MonitoringRequests.Create(options)));

        // Assert
        var jobs = config.List("scrape_configs").ToDictionary(job => job.Text("job_name"));
        StaticTarget(jobs["edge"]).ShouldBe("127.0.0.1:19100");
        StaticTarget(jobs["alertmanager"]).ShouldBe("127.0.0.1:19093");
    }

    private static string StaticTarget(object job) =>
        (string)((Dictionary<object, object>)job.List("static_configs").Single()).List("targets").Single();
}
