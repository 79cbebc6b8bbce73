using Grpc.Core;
using Grpc.Net.Client;
using Slipway.Serving.Grpc;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Security;

/// <summary>
/// Per-key rates. A bucket of 3 per minute refills at most once while the ten quick requests of a test run, so the first
/// three always pass and at least one of the rest is refused, however loaded the machine is.
/// </summary>
public sealed class ApiKeyRateLimitTests : IAsyncLifetime
{
    private const string LimitedKey = "limited-0123456789abcdef";
    private const string FreeKey = "unlimited-0123456789abcdef";
    private const string Request = """{"inputs":[{"name":"a","shape":[1,3],"datatype":"FP32","data":[1,2,3]},{"name":"b","shape":[1,3],"datatype":"FP32","data":[1,1,1]}]}""";
    private readonly ModelRepositoryBuilder _repository = new ModelRepositoryBuilder().WithAdder();
    private ServingApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = new ServingApp(_repository.Root, new Dictionary<string, string?>
        {
            ["Serving:Auth:ApiKeys:0"] = $"{LimitedKey} name=batch-job rate=3/m",
            ["Serving:Auth:ApiKeys:1"] = $"{FreeKey} name=interactive",
        });
        _client = await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _repository.Dispose();
    }

    [Fact]
    public async Task AKeyOverItsRateGets429WithRetryAfter()
    {
        // Act
        var answers = new List<(int Status, string? Error, string? RetryAfter)>();
        for (var i = 0; i < 10; i++)
        {
            var (status, body, response) = await _client.PostJsonAsync("/v2/models/adder/infer", Request, bearer: LimitedKey);
            answers.Add((status, body?["error"]?.GetValue<string>(), response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null));
        }

        // Assert
        answers.Take(3).ShouldAllBe(a => a.Status == 200);
        var refused = answers.Where(a => a.Status == 429).ToList();
        refused.ShouldNotBeEmpty();
        refused.ShouldAllBe(a => int.Parse(a.RetryAfter!) >= 1 && int.Parse(a.RetryAfter!) <= 60);
        refused[0].Error!.ShouldStartWith("the API key 'batch-job' is over its rate of 3/m (per service instance); retry after ");
        answers.ShouldAllBe(a => a.Status == 200 || a.Status == 429);
    }

    [Fact]
    public async Task AnotherKeyKeepsItsOwnRateWhileOneIsRefused()
    {
        // Arrange: spend the limited key's bucket
        var limited = 0;
        for (var i = 0; i < 10 && limited == 0; i++)
        {
            var (status, _, _) = await _client.PostJsonAsync("/v2/models/adder/infer", Request, bearer: LimitedKey);
            limited = status == 429 ? 1 : 0;
        }

        // Act
        var (free, _, _) = await _client.PostJsonAsync("/v2/models/adder/infer", Request, bearer: FreeKey);

        // Assert
        limited.ShouldBe(1);
        free.ShouldBe(200);
    }

    [Fact]
    public async Task OverGrpcAKeyOverItsRateGetsResourceExhaustedWithARetryAfterTrailer()
    {
        // Arrange
        using var channel = GrpcChannel.ForAddress(_app.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _app.Server.CreateHandler() });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var bearer = new Metadata { { "authorization", $"Bearer {LimitedKey}" } };

        // Act
        var outcomes = new List<RpcException?>();
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await client.ModelMetadataAsync(new ModelMetadataRequest { Name = "adder" }, bearer);
                outcomes.Add(null);
            }
            catch (RpcException exception)
            {
                outcomes.Add(exception);
            }
        }

        // Assert
        outcomes.Take(3).ShouldAllBe(o => o == null);
        var refused = outcomes.OfType<RpcException>().ToList();
        refused.ShouldNotBeEmpty();
        refused.ShouldAllBe(e => e.StatusCode == StatusCode.ResourceExhausted);
        refused[0].Status.Detail.ShouldStartWith("the API key 'batch-job' is over its rate of 3/m");
        int.Parse(refused[0].Trailers.GetValue("retry-after")!).ShouldBeInRange(1, 60);
    }
}
