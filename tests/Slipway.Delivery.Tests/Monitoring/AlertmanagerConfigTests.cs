using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Tests.Monitoring;

public sealed class AlertmanagerConfigTests
{
    [Fact]
    public void RoutesEveryAlertToTheWebhookWhenOneIsSet()
    {
        // Act
        var config = YamlText.Read(AlertmanagerConfig.Render(new Uri("http://127.0.0.1:5001/alerts")));

        // Assert
        config.Map("route").Text("receiver").ShouldBe(AlertmanagerConfig.WebhookReceiver);
        var receiver = (Dictionary<object, object>)config.List("receivers").Single();
        receiver.Text("name").ShouldBe(AlertmanagerConfig.WebhookReceiver);
        var webhook = (Dictionary<object, object>)receiver.List("webhook_configs").Single();
        webhook.Text("url").ShouldBe("http://127.0.0.1:5001/alerts");
        webhook.Text("send_resolved").ShouldBe("true");
    }

    [Fact]
    public void KeepsAlertsInAlertmanagerWhenNoWebhookIsSet()
    {
        // Act
        var config = YamlText.Read(AlertmanagerConfig.Render(webhook: null));

        // Assert
        config.Map("route").Text("receiver").ShouldBe(AlertmanagerConfig.NoReceiver);
        var receiver = (Dictionary<object, object>)config.List("receivers").Single();
        receiver.Keys.Cast<string>().ShouldBe(["name"], "a receiver with no integrations");
    }

    [Fact]
    public void GroupsByAlertAndColourAndSendsWithinSeconds()
    {
        // Act
        var route = YamlText.Read(AlertmanagerConfig.Render(webhook: null)).Map("route");

        // Assert
        route.List("group_by").ShouldBe(["alertname", "colour"]);
        route.Text("group_wait").ShouldBe("2s");
        route.Text("group_interval").ShouldBe("10s");
    }

    [Fact]
    public void RefusesAWebhookThatIsNotHttp()
    {
        // Act
        var refusal = Should.Throw<ArgumentException>(() => AlertmanagerConfig.Render(new Uri("file:///tmp/alerts")));

        // Assert
        refusal.Message.ShouldContain("file:///tmp/alerts");
    }
}
