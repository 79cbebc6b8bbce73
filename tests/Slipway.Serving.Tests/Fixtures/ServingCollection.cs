namespace Slipway.Serving.Tests.Fixtures;

[CollectionDefinition(Name)]
public sealed class ServingCollection : ICollectionFixture<SharedServing>
{
    public const string Name = "Serving";
}
