using System.Text.Json.Nodes;
using Slipway.Delivery.Smoke;

namespace Slipway.Delivery.Tests.Smoke;

public sealed class SmokeTesterTests : IDisposable
{
    private const string TextModel = """
        {"name":"minilm","versions":["1"],"platform":"onnxruntime_onnx",
         "inputs":[{"name":"text","datatype":"BYTES","shape":[-1]}],
         "outputs":[{"name":"embedding","datatype":"FP32","shape":[-1,384]}]}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-smoke-").FullName;

    [Fact]
    public async Task SendsTheRequestedNumberOfInferRequestsAndRecordsEachLatency()
    {
        // Arrange
        await using var server = InferenceStandIn.Start("minilm", TextModel);
        var options = new SmokeTestOptions(server.Address, "minilm").WithRequests(25).WithWarmupRequests(3);

        // Act
        var sample = await new SmokeTester().RunAsync(options);

        // Assert
        sample.Requests.ShouldBe(25);
        sample.Failures.ShouldBe(0);
        sample.SamplesMs.Count.ShouldBe(25);
        sample.SamplesMs.ShouldAllBe(ms => ms > 0);
        server.Requests.Count(r => r.Path.EndsWith("/infer", StringComparison.Ordinal)).ShouldBe(28);
        sample.Histogram.Sum(b => b.Count).ShouldBe(25);
        sample.LatencyMs.P50.ShouldBeLessThanOrEqualTo(sample.LatencyMs.P95);
        sample.LatencyMs.P95.ShouldBeLessThanOrEqualTo(sample.LatencyMs.P99);
        sample.LatencyMs.P99.ShouldBeLessThanOrEqualTo(sample.LatencyMs.Max);
        sample.LatencyMs.Max.ShouldBe(sample.SamplesMs.Max(), 0.001);
    }

    [Fact]
    public async Task SendsSentencesForBytesInputs()
    {
        // Arrange
        await using var server = InferenceStandIn.Start("minilm", TextModel);
        var options = new SmokeTestOptions(server.Address, "minilm").WithRequests(3).WithWarmupRequests(0).WithSentences(["first sentence", "second sentence"]);

        // Act
        await new SmokeTester().RunAsync(options);

        // Assert
        var texts = server.Requests.Where(r => r.Method == "POST")
            .Select(r => JsonNode.Parse(r.Body)!["inputs"]![0]!["data"]![0]!.GetValue<string>())
            .Order(StringComparer.Ordinal).ToArray();
        texts.ShouldBe(["first sentence", "first sentence", "second sentence"]);
    }

    [Fact]
    public async Task BuildsNumericInputsOfTheModelsShapeWithVariableDimensionsAsOne()
    {
        // Arrange
        const string metadata = """
            {"name":"resnet","versions":["1"],
             "inputs":[{"name":"input_ids","datatype":"INT64","shape":[-1,-1]},{"name":"pixels","datatype":"FP32","shape":[1,3,2,2]},{"name":"flag","datatype":"BOOL","shape":[2]}],
             "outputs":[{"name":"out","datatype":"FP32","shape":[1,512]}]}
            """;
        await using var server = InferenceStandIn.Start("resnet", metadata);

        // Act
        var sample = await new SmokeTester().RunAsync(new SmokeTestOptions(server.Address, "resnet").WithRequests(2).WithWarmupRequests(0));

        // Assert
        sample.Failures.ShouldBe(0);
        var inputs = JsonNode.Parse(server.Requests.First(r => r.Method == "POST").Body)!["inputs"]!.AsArray();
        inputs[0]!["shape"]!.ToJsonString().ShouldBe("[1,1]");
        inputs[1]!["shape"]!.ToJsonString().ShouldBe("[1,3,2,2]");
        inputs[1]!["data"]!.AsArray().Count.ShouldBe(12);
        inputs[2]!["data"]!.ToJsonString().ShouldBe("[true,false]");
    }

    [Fact]
    public async Task CountsFailedRequestsWithTheirStatusAndMessage()
    {
        // Arrange
        await using var server = InferenceStandIn.Start("minilm", TextModel, failRequest: n => n % 5 == 0);
        var options = new SmokeTestOptions(server.Address, "minilm").WithRequests(20).WithWarmupRequests(0).WithConcurrency(1);

        // Act
        var sample = await new SmokeTester().RunAsync(options);

        // Assert
        sample.Failures.ShouldBe(4);
        sample.FailureSamples.Count.ShouldBe(4);
        sample.FailureSamples.ShouldAllBe(f => f.Status == 500 && f.Message.Contains("simulated failure"));
        sample.Histogram.Sum(b => b.Count).ShouldBe(16);
        var error = Should.Throw<SmokeTestFailedException>(() => sample.EnsureSuccess(0.1));
        error.Message.ShouldContain("failed 4 of 20 requests");
        error.Message.ShouldContain("simulated failure");
    }

    [Fact]
    public async Task RunsConcurrentRequestsWhenAskedTo()
    {
        // Arrange
        await using var server = InferenceStandIn.Start("minilm", TextModel);
        var options = new SmokeTestOptions(server.Address, "minilm").WithRequests(40).WithWarmupRequests(0).WithConcurrency(4);

        // Act
        var sample = await new SmokeTester().RunAsync(options);

        // Assert
        sample.Concurrency.ShouldBe(4);
        sample.Failures.ShouldBe(0);
        server.Requests.Count(r => r.Method == "POST").ShouldBe(40);
    }

    [Fact]
    public async Task ExplainsAnUnknownModelWithTheAddressItAsked()
    {
        // Arrange
        await using var server = InferenceStandIn.Start("minilm", TextModel);

        // Act
        var error = await Should.ThrowAsync<SmokeTestFailedException>(() => new SmokeTester().RunAsync(new SmokeTestOptions(server.Address, "resnet")));

        // Assert
        error.Message.ShouldContain("/v2/models/resnet");
        error.Message.ShouldContain("404");
        error.Message.ShouldContain("model 'resnet'");
    }

    [Fact]
    public async Task ExplainsAnEndpointThatDoesNotAnswer()
    {
        // Arrange: a server that is started and stopped leaves a port nobody listens on.
        Uri address;
        await using (var server = LocalHttpServer.Start(_ => (200, "{}")))
            address = server.Address;

        // Act
        var error = await Should.ThrowAsync<SmokeTestFailedException>(() => new SmokeTester().RunAsync(new SmokeTestOptions(address, "minilm")));

        // Assert
        error.Message.ShouldContain("Could not read the metadata of model 'minilm'");
        error.Message.ShouldContain("Check that the edge is running");
    }

    [Fact]
    public void RejectsInvalidSettingsListingEveryProblem()
    {
        // Arrange
        var options = new SmokeTestOptions(new Uri("ftp://example"), "").WithRequests(0).WithConcurrency(0);

        // Act
        var error = Should.Throw<ArgumentException>(options.Validate);

        // Assert
        error.Message.ShouldContain("Endpoint 'ftp://example/'");
        error.Message.ShouldContain("Model is empty");
        error.Message.ShouldContain("Requests is 0");
        error.Message.ShouldContain("Concurrency is 0");
    }

    [Fact]
    public async Task WritesALatencySampleThatReadsBackTheSame()
    {
        // Arrange
        await using var server = InferenceStandIn.Start("minilm", TextModel);
        var sample = await new SmokeTester().RunAsync(new SmokeTestOptions(server.Address, "minilm").WithRequests(10));
        var path = Path.Combine(_directory, "smoke", "latency.json");

        // Act
        await sample.WriteAsync(path);
        var read = await LatencySample.ReadAsync(path);

        // Assert
        read.Requests.ShouldBe(10);
        read.LatencyMs.ShouldBe(sample.LatencyMs);
        read.Histogram.ShouldBe(sample.Histogram);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        json["latencyMs"]!["p95"]!.GetValue<double>().ShouldBe(sample.LatencyMs.P95);
        json["histogram"]!.AsArray().Count.ShouldBe(sample.Histogram.Count);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
