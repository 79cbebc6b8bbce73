namespace Slipway.Serving.Tests.Fixtures;

/// <summary>One running service with minilm, adder (two versions) and echo, shared by the tests of the "Serving" collection.</summary>
public sealed class SharedServing : IAsyncLifetime
{
    private readonly ModelRepositoryBuilder _repository = new();

    public ServingApp App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _repository.WithMiniLm().WithAdder("1").WithAdder("2", maxQueueDelayMs: 0).WithEcho();
        App = new ServingApp(_repository.Root);
        Client = await App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        _repository.Dispose();
    }
}
