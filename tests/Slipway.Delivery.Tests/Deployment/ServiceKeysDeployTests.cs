using System.Net;
using System.Net.Http.Headers;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Backends;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>The real service deployed with API keys: the deploy's own gates authenticate, and the edge serves only keyed requests.</summary>
[Collection(DeployCollection.Name)]
public sealed class ServiceKeysDeployTests(DeployFixture fixture) : IDisposable
{
    private const string DeployKey = "deploy-key-0123456789abcdef";
    private const string OtherModelKey = "other-model-key-0123456789";
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _secrets = Path.Combine("/dev/shm", "slipway-tests-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    [Trait("Category", DeployFixture.ServiceCategory)]
    public async Task AServiceWithKeysPassesItsGatesAndAnswersOnlyKeysInScope()
    {
        // Arrange
        var real = await fixture.RealAsync();
        await using var scope = new DeployScope(fixture, real: true);
        var request = scope.Request with
        {
            Image = real.Image,
            ApiKeys = [DeployKey, $"{OtherModelKey} name=resnet-client models=resnet18"],
            SecretsDirectory = _secrets,
        };

        // Act
        var result = await scope.Deployer.DeployAsync(request);
        var without = await StatusAsync(scope.Edge, null);
        var withKey = await StatusAsync(scope.Edge, DeployKey);
        var outOfScope = await StatusAsync(scope.Edge, OtherModelKey);

        // Assert
        result.PhaseDurationsMs.Keys.ShouldContain("smoke");
        result.PhaseDurationsMs.Keys.ShouldContain("grpc");
        result.PhaseDurationsMs.Keys.ShouldContain("warm-up");
        without.ShouldBe(HttpStatusCode.Unauthorized);
        withKey.ShouldBe(HttpStatusCode.OK);
        outOfScope.ShouldBe(HttpStatusCode.Forbidden);
        var inspect = await fixture.Client.Containers.InspectContainerAsync(EngineBackend.ContainerName(request, result.Colour!));
        inspect.Config!.Env.ShouldAllBe(variable => !variable.Contains(DeployKey) && !variable.Contains(OtherModelKey));
    }

    private async Task<HttpStatusCode> StatusAsync(Uri edge, string? key)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(edge, $"v2/models/{fixture.RealModel}"));
        if (key is not null)
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Http.SendAsync(message);
        return response.StatusCode;
    }

    public void Dispose()
    {
        if (Directory.Exists(_secrets))
            Directory.Delete(_secrets, recursive: true);
    }
}
