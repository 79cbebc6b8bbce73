using Microsoft.Extensions.DependencyInjection;
using Slipway.Serving.Repository;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Batching;

public sealed class BatchingOverHttpTests
{
    [Fact]
    public async Task BatchingCanBeTurnedOffByConfiguration()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithAdder();
        await using var app = new ServingApp(repository.Root, new Dictionary<string, string?> { ["Serving:Batching:Enabled"] = "false" });
        var client = await app.StartAsync();

        // Act
        var (status, body, _) = await client.PostJsonAsync("/v2/models/adder/infer",
            """{"inputs":[{"name":"a","shape":[1,3],"datatype":"FP32","data":[1,2,3]},{"name":"b","shape":[1,3],"datatype":"FP32","data":[1,1,1]}]}""");

        // Assert
        status.ShouldBe(200);
        body!["outputs"]![0]!["data"]!.ToJsonString().ShouldBe("[2,3,4]");
        app.Services.GetRequiredService<ModelRegistry>().Resolve("adder", null).Batcher.ShouldBeNull();
    }

    [Fact]
    public async Task ConcurrentRequestsBeyondTheQueueGet503WithRetryAfter()
    {
        // Arrange
        using var repository = new ModelRepositoryBuilder().WithMiniLm();
        await using var app = new ServingApp(repository.Root, new Dictionary<string, string?>
        {
            ["Serving:Batching:QueueCapacity"] = "1",
            ["Serving:Batching:RetryAfterSeconds"] = "2",
        });
        var client = await app.StartAsync();
        var text = string.Join(' ', Enumerable.Repeat("a long sentence keeps each model run busy for a while", 20));

        // Act
        var answers = await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => client.PostJsonAsync("/v2/models/minilm/infer", Http.Texts(text))));

        // Assert
        answers.ShouldAllBe(a => a.Status == 200 || a.Status == 503);
        answers.ShouldContain(a => a.Status == 200);
        var refused = answers.Where(a => a.Status == 503).ToArray();
        refused.ShouldNotBeEmpty();
        refused.ShouldAllBe(a => a.Response.Headers.RetryAfter!.Delta == TimeSpan.FromSeconds(2));
        refused[0].Body!["error"]!.GetValue<string>().ShouldContain("requests queued, its limit");
    }
}
