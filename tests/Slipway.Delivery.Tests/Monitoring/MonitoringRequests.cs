using Slipway.Delivery.Deployment;
using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>Deploy requests for the pure generator tests: fixed names and the default edge port, nothing is started.</summary>
public static class MonitoringRequests
{
    public static DeployRequest Create(MonitoringOptions? monitoring = null) => new()
    {
        App = "shop",
        Environment = "staging",
        EdgeAddress = "127.0.0.1:8080",
        StateDirectory = Path.Combine(Path.GetTempPath(), "slipway-monitoring-requests"),
        Monitoring = monitoring ?? new MonitoringOptions(),
    };
}
