using Grpc.Core;
using Grpc.Net.Client;
using Slipway.Serving.Grpc;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Security;

/// <summary>Keys scoped to models, over REST and gRPC, on one service with two models.</summary>
public sealed class ApiKeyScopeTests : IAsyncLifetime
{
    private const string AdderKey = "adder-only-0123456789abcdef";
    private const string AllKey = "every-model-0123456789abcdef";
    private const string Request = """{"inputs":[{"name":"a","shape":[1,3],"datatype":"FP32","data":[1,2,3]},{"name":"b","shape":[1,3],"datatype":"FP32","data":[1,1,1]}]}""";
    private readonly ModelRepositoryBuilder _repository = new ModelRepositoryBuilder().WithAdder().WithAdder(name: "other");
    private ServingApp _app = null!;
    private HttpClient _client = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        var keyFile = Path.Combine(_repository.Root, "keys.txt");
        await File.WriteAllTextAsync(keyFile, $"# scoped keys\n{AdderKey} name=adder-client models=adder\n");
        _app = new ServingApp(_repository.Root, new Dictionary<string, string?>
        {
            ["Serving:Auth:ApiKeys:0"] = AllKey,
            ["Serving:Auth:ApiKeyFile"] = keyFile,
        });
        _client = await _app.StartAsync();
        _channel = GrpcChannel.ForAddress(_app.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _app.Server.CreateHandler() });
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        _client.Dispose();
        await _app.DisposeAsync();
        _repository.Dispose();
    }

    private GRPCInferenceService.GRPCInferenceServiceClient Grpc => new(_channel);

    private static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };

    [Fact]
    public async Task AKeyForOneModelInfersOnIt()
    {
        // Act
        var (status, body, _) = await _client.PostJsonAsync("/v2/models/adder/infer", Request, bearer: AdderKey);

        // Assert
        status.ShouldBe(200);
        body!["model_name"]!.GetValue<string>().ShouldBe("adder");
    }

    [Fact]
    public async Task AKeyForOneModelGets403OnAnotherNamingTheKeyAndItsScope()
    {
        // Act
        var (status, body, _) = await _client.PostJsonAsync("/v2/models/other/infer", Request, bearer: AdderKey);

        // Assert
        status.ShouldBe(403);
        body!["error"]!.GetValue<string>().ShouldBe("the API key 'adder-client' may not use model 'other'; it may use: adder.");
    }

    [Theory]
    [InlineData("/v2/models/other")]
    [InlineData("/v2/models/other/versions/1")]
    [InlineData("/v2/models/other/ready")]
    [InlineData("/v2/models/other/versions/1/ready")]
    [InlineData("/v2/models/no-such-model")]
    public async Task AKeyForOneModelGets403OnTheMetadataAndReadinessOfAnother(string path)
    {
        // Act
        var (scoped, _) = await _client.GetJsonAsync(path, bearer: AdderKey);
        var (unscoped, _) = await _client.GetJsonAsync(path, bearer: AllKey);

        // Assert: an unknown model is 403 too, so a scoped key cannot probe which models exist
        scoped.ShouldBe(403);
        unscoped.ShouldBeOneOf(200, 404);
    }

    [Fact]
    public async Task AScopedKeyStillReadsTheServerMetadata()
    {
        // Act
        var (status, _) = await _client.GetJsonAsync("/v2", bearer: AdderKey);

        // Assert
        status.ShouldBe(200);
    }

    [Fact]
    public async Task AKeyWithoutModelsUsesEveryModel()
    {
        // Act
        var (adder, _, _) = await _client.PostJsonAsync("/v2/models/adder/infer", Request, bearer: AllKey);
        var (other, _, _) = await _client.PostJsonAsync("/v2/models/other/infer", Request, bearer: AllKey);

        // Assert
        adder.ShouldBe(200);
        other.ShouldBe(200);
    }

    [Fact]
    public async Task OverGrpcAKeyForOneModelGetsPermissionDeniedOnAnother()
    {
        // Act
        var infer = await Should.ThrowAsync<RpcException>(() => Grpc.ModelInferAsync(new ModelInferRequest { ModelName = "other" }, Bearer(AdderKey)).ResponseAsync);
        var metadata = await Should.ThrowAsync<RpcException>(() => Grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "other" }, Bearer(AdderKey)).ResponseAsync);
        var ready = await Should.ThrowAsync<RpcException>(() => Grpc.ModelReadyAsync(new ModelReadyRequest { Name = "other" }, Bearer(AdderKey)).ResponseAsync);

        // Assert
        infer.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        infer.Status.Detail.ShouldBe("the API key 'adder-client' may not use model 'other'; it may use: adder.");
        metadata.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        ready.StatusCode.ShouldBe(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task OverGrpcAKeyForOneModelReachesIt()
    {
        // Act
        var metadata = await Grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "adder" }, Bearer(AdderKey));
        var ready = await Grpc.ModelReadyAsync(new ModelReadyRequest { Name = "adder" }, Bearer(AdderKey));
        var server = await Grpc.ServerMetadataAsync(new ServerMetadataRequest(), Bearer(AdderKey));

        // Assert
        metadata.Name.ShouldBe("adder");
        ready.Ready.ShouldBeTrue();
        server.Name.ShouldNotBeNullOrEmpty();
    }
}
