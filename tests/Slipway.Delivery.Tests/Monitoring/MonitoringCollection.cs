namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>The tests that run the monitoring image share one <see cref="MonitoringFixture"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class MonitoringCollection : ICollectionFixture<MonitoringFixture>
{
    public const string Name = "Monitoring (real engine)";
}
