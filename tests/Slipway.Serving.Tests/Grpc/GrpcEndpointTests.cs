using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Slipway.Serving.Grpc;
using Slipway.Serving.Tests.Fixtures;
using static Slipway.Serving.Grpc.ModelInferRequest.Types;

namespace Slipway.Serving.Tests.Grpc;

/// <summary>The gRPC endpoint of the real process: HTTP/2 without TLS on a port of its own, beside REST; and API keys over gRPC.</summary>
public sealed class GrpcEndpointTests : IDisposable
{
    private readonly ModelRepositoryBuilder _repository = new ModelRepositoryBuilder().WithAdder();

    public void Dispose() => _repository.Dispose();

    [Fact]
    public async Task TheProcessServesGrpcOverCleartextHttp2OnItsOwnPortBesideRest()
    {
        // Arrange
        await using var service = ServingProcess.Start(_repository.Root);
        await service.WaitUntilReadyAsync();
        using var channel = GrpcChannel.ForAddress(service.GrpcAddress);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var request = new ModelInferRequest
        {
            ModelName = "adder",
            Inputs = { new InferInputTensor { Name = "a", Datatype = "FP32", Shape = { 1, 3 } }, new InferInputTensor { Name = "b", Datatype = "FP32", Shape = { 1, 3 } } },
            RawInputContents = { ByteString.CopyFrom(BinaryBody.Floats(1, 2, 3)), ByteString.CopyFrom(BinaryBody.Floats(1, 1, 1)) },
        };

        // Act
        var ready = await client.ServerReadyAsync(new ServerReadyRequest());
        var response = await client.ModelInferAsync(request);
        using var rest = new HttpClient { BaseAddress = service.BaseAddress };
        var restReady = await rest.GetAsync("/v2/health/ready");

        // Assert
        ready.Ready.ShouldBeTrue();
        BinaryBody.ToFloats(response.RawOutputContents[0].Span).ShouldBe([2f, 3f, 4f]);
        ((int)restReady.StatusCode).ShouldBe(200);
        restReady.Version.ShouldBe(new Version(1, 1));
    }

    [Fact]
    public async Task AGrpcUrlOnTheRestPortRefusesTheStartAndSaysWhy()
    {
        // Arrange
        var port = ServingProcess.FreePort();

        // Act
        await using var service = ServingProcess.Start(_repository.Root, new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Serving__GrpcUrl"] = $"http://127.0.0.1:{port}",
        });
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));

        // Assert
        exitCode.ShouldBe(2);
        string.Join('\n', service.Output).ShouldContain($"Serving:GrpcUrl 'http://127.0.0.1:{port}' uses port {port}, which REST already listens on");
    }

    [Theory]
    [InlineData("127.0.0.1:9000")]
    [InlineData("https://127.0.0.1:9000")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:9000/grpc")]
    public void AMalformedGrpcUrlIsRefusedWithAnExample(string url)
    {
        // Act
        var error = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => Slipway.Serving.Hosting.GrpcEndpoint.Port(url, "http://127.0.0.1:8080"));

        // Assert
        error.Message.ShouldContain($"Serving:GrpcUrl '{url}' is not an http:// address with a port and no path; use e.g. 'http://127.0.0.1:8081'");
    }

    [Fact]
    public async Task GrpcCallsNeedTheApiKeyExceptTheHealthCalls()
    {
        // Arrange
        const string key = "grpc-key-0123456789abcdef";
        await using var app = new ServingApp(_repository.Root, new Dictionary<string, string?> { ["Serving:Auth:ApiKeys:0"] = key });
        await app.StartAsync();
        using var channel = GrpcChannel.ForAddress(app.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = app.Server.CreateHandler() });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var withKey = new Metadata { { "authorization", $"Bearer {key}" } };
        var wrongKey = new Metadata { { "authorization", "Bearer not-the-key" } };

        // Act
        var live = await client.ServerLiveAsync(new ServerLiveRequest());
        var ready = await client.ServerReadyAsync(new ServerReadyRequest());
        var missing = await Should.ThrowAsync<RpcException>(() => client.ModelMetadataAsync(new ModelMetadataRequest { Name = "adder" }).ResponseAsync);
        var wrong = await Should.ThrowAsync<RpcException>(() => client.ModelMetadataAsync(new ModelMetadataRequest { Name = "adder" }, wrongKey).ResponseAsync);
        var metadata = await client.ModelMetadataAsync(new ModelMetadataRequest { Name = "adder" }, withKey);

        // Assert
        live.Live.ShouldBeTrue();
        ready.Ready.ShouldBeTrue();
        missing.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        missing.Status.Detail.ShouldBe("missing API key: send the header 'Authorization: Bearer <api key>'.");
        wrong.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        wrong.Status.Detail.ShouldBe("invalid API key.");
        metadata.Name.ShouldBe("adder");
    }
}
