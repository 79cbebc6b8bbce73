namespace Slipway.Delivery.Tests.Deployment;

/// <summary>The deploy tests share one <see cref="DeployFixture"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DeployCollection : ICollectionFixture<DeployFixture>
{
    public const string Name = "Deploy (real engine)";
}
