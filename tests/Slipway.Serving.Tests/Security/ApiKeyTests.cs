using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Security;

public sealed class ApiKeyTests : IAsyncLifetime
{
    private const string Key = "k3y-0123456789abcdef-secret";
    private const string OtherKey = "file-key-fedcba9876543210";
    private readonly ModelRepositoryBuilder _repository = new ModelRepositoryBuilder().WithAdder();
    private string _keyFile = "";
    private ServingApp _app = null!;
    private HttpClient _client = null!;

    private const string Request = """{"inputs":[{"name":"a","shape":[1,3],"datatype":"FP32","data":[1,2,3]},{"name":"b","shape":[1,3],"datatype":"FP32","data":[1,1,1]}]}""";

    public async Task InitializeAsync()
    {
        _keyFile = Path.Combine(_repository.Root, "keys.txt");
        await File.WriteAllTextAsync(_keyFile, $"# rotated monthly\n\n{OtherKey}\n");
        _app = new ServingApp(_repository.Root, new Dictionary<string, string?>
        {
            ["Serving:Auth:ApiKeys:0"] = Key,
            ["Serving:Auth:ApiKeyFile"] = _keyFile,
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
    public async Task InferWithoutAKeyIs401AndSaysHowToSendOne()
    {
        // Act
        var (status, body, response) = await _client.PostJsonAsync("/v2/models/adder/infer", Request);

        // Assert
        status.ShouldBe(401);
        body!["error"]!.GetValue<string>().ShouldBe("missing API key: send the header 'Authorization: Bearer <api key>'.");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Fact]
    public async Task InferWithAWrongKeyIs401()
    {
        // Act
        var (status, body, _) = await _client.PostJsonAsync("/v2/models/adder/infer", Request, bearer: "wrong-key-0123456789abcdef");

        // Assert
        status.ShouldBe(401);
        body!["error"]!.GetValue<string>().ShouldBe("invalid API key.");
    }

    [Fact]
    public async Task InferWithAConfiguredKeyIs200()
    {
        // Act
        var (status, _, _) = await _client.PostJsonAsync("/v2/models/adder/infer", Request, bearer: Key);

        // Assert
        status.ShouldBe(200);
    }

    [Fact]
    public async Task KeyFromTheSecretFileIsAccepted()
    {
        // Act
        var (status, _, _) = await _client.PostJsonAsync("/v2/models/adder/infer", Request, bearer: OtherKey);

        // Assert
        status.ShouldBe(200);
    }

    [Theory]
    [InlineData("/v2")]
    [InlineData("/v2/models/adder")]
    [InlineData("/v2/models/adder/versions/1")]
    [InlineData("/v2/models/adder/ready")]
    public async Task MetadataEndpointsRequireAKey(string path)
    {
        // Act
        var (without, _) = await _client.GetJsonAsync(path);
        var (with, _) = await _client.GetJsonAsync(path, bearer: Key);

        // Assert
        without.ShouldBe(401);
        with.ShouldBe(200);
    }

    [Theory]
    [InlineData("/v2/health/live")]
    [InlineData("/v2/health/ready")]
    [InlineData("/metrics")]
    public async Task HealthAndMetricsStayOpenByDefault(string path)
    {
        // Act
        using var response = await _client.GetAsync(path);

        // Assert
        ((int)response.StatusCode).ShouldBe(200);
    }

    [Fact]
    public async Task ANewKeyOverlapsTheOldOneDuringARotationAndTheOldOneStopsWhenRemoved()
    {
        // Arrange: the old key in the settings, its successor added to the key file
        const string newKey = "rotated-key-0123456789abcdef";
        await File.AppendAllTextAsync(_keyFile, $"{newKey} name=rotated\n");
        await using var overlapping = new ServingApp(_repository.Root, new Dictionary<string, string?>
        {
            ["Serving:Auth:ApiKeys:0"] = Key,
            ["Serving:Auth:ApiKeyFile"] = _keyFile,
        });
        var during = await overlapping.StartAsync();
        await using var after = new ServingApp(_repository.Root, new Dictionary<string, string?> { ["Serving:Auth:ApiKeyFile"] = _keyFile });
        var afterClient = await after.StartAsync();

        // Act
        var (oldDuring, _, _) = await during.PostJsonAsync("/v2/models/adder/infer", Request, bearer: Key);
        var (newDuring, _, _) = await during.PostJsonAsync("/v2/models/adder/infer", Request, bearer: newKey);
        var (oldAfter, _, _) = await afterClient.PostJsonAsync("/v2/models/adder/infer", Request, bearer: Key);
        var (newAfter, _, _) = await afterClient.PostJsonAsync("/v2/models/adder/infer", Request, bearer: newKey);

        // Assert
        oldDuring.ShouldBe(200);
        newDuring.ShouldBe(200);
        oldAfter.ShouldBe(401);
        newAfter.ShouldBe(200);
    }

    [Fact]
    public async Task KeysNeverReachTheLog()
    {
        // Act
        await _client.PostJsonAsync("/v2/models/adder/infer", Request, bearer: Key);
        await _client.PostJsonAsync("/v2/models/adder/infer", Request, bearer: "wrong-key-0123456789abcdef");

        // Assert
        _app.LogLines.ShouldNotBeEmpty();
        _app.LogLines.ShouldNotContain(l => l.Contains(Key) || l.Contains(OtherKey) || l.Contains("wrong-key-0123456789abcdef"));
    }
}
