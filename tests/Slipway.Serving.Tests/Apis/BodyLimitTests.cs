using System.Text;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Apis;

public sealed class BodyLimitTests
{
    [Fact]
    public async Task ChunkedBodyOverTheLimitIs413EvenWithoutContentLength()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithAdder();
        await using var app = new ServingApp(repository.Root, new Dictionary<string, string?> { ["Serving:MaxRequestBodyBytes"] = "2048" });
        var client = await app.StartAsync();
        var body = Encoding.UTF8.GetBytes("{\"id\":\"" + new string('x', 10_000) + "\",\"inputs\":[]}");
        using var content = new StreamContent(new MemoryStream(body)); // no length: sent chunked
        content.Headers.ContentType = new("application/json");

        // Act
        using var response = await client.PostAsync("/v2/models/adder/infer", content);

        // Assert
        ((int)response.StatusCode).ShouldBe(413);
        (await response.Content.ReadAsStringAsync()).ShouldContain("the limit is 2048 bytes (Serving:MaxRequestBodyBytes)");
    }
}
