using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Security;

public sealed class ProtectedMetricsTests
{
    [Fact]
    public async Task MetricsRequireAKeyWhenProtectMetricsIsOn()
    {
        // Arrange
        const string key = "metrics-scraper-0123456789";
        using var repository = new ModelRepositoryBuilder().WithAdder();
        await using var app = new ServingApp(repository.Root, new Dictionary<string, string?>
        {
            ["Serving:Auth:ApiKeys:0"] = key,
            ["Serving:Auth:ProtectMetrics"] = "true",
        });
        var client = await app.StartAsync();

        // Act
        var (without, _) = await client.GetJsonAsync("/metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new("Bearer", key);
        using var with = await client.SendAsync(request);

        // Assert
        without.ShouldBe(401);
        ((int)with.StatusCode).ShouldBe(200);
    }
}
