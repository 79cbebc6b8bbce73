using System.Text.Json.Nodes;
using Slipway.Serving.Repository;
using Slipway.Serving.Runtime;
using Slipway.Serving.Tests.Fixtures;

namespace Slipway.Serving.Tests.Runtime;

/// <summary>
/// A text-classification model made of the real all-MiniLM-L6-v2 encoder and a nearest-centroid head (each class's
/// weights are the mean vector of a few example sentences), served by the real app.
/// </summary>
public sealed class TextClassificationTests : IAsyncLifetime
{
    private static readonly string[] Classes = ["billing", "outage", "account-access"];

    private static readonly string[][] Examples =
    [
        ["My invoice shows a double charge.", "Please refund the last payment.", "The price on the bill is wrong."],
        ["The API returns 503 for every request.", "Your service is down.", "All calls time out since the deploy."],
        ["I cannot log in to my account.", "My password reset email never arrives.", "Two-factor codes are rejected."],
    ];

    private readonly ModelRepositoryBuilder _repository = new();
    private ServingApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        WriteClassifier(_repository, "router", "1", Classes.Length);
        _app = new ServingApp(_repository.Root);
        _client = await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _repository.Dispose();
    }

    [Fact]
    public async Task MetadataNamesTheLabelAndProbabilityOutputsAndListsTheClasses()
    {
        var (status, body) = await _client.GetJsonAsync("/v2/models/router");

        status.ShouldBe(200);
        body!["outputs"]!.ToJsonString().ShouldBe("""[{"name":"label","datatype":"BYTES","shape":[-1]},{"name":"probabilities","datatype":"FP32","shape":[-1,3]}]""");
        body["properties"]!["classes"]!.GetValue<string>().ShouldBe("billing,outage,account-access");
        body["properties"]!["kind"]!.GetValue<string>().ShouldBe("text-classification");
    }

    [Fact]
    public async Task AnswersEachTextWithItsMostProbableClassAndEveryClassesProbability()
    {
        var (status, body, _) = await _client.PostJsonAsync("/v2/models/router/infer",
            Http.Texts("We were charged twice this month, please fix the invoice.", "Nothing works, every request fails with a 502.", "I am locked out of my account after a password change."));

        status.ShouldBe(200);
        var outputs = body!["outputs"]!.AsArray();
        var label = outputs.Single(o => o!["name"]!.GetValue<string>() == "label")!;
        label["datatype"]!.GetValue<string>().ShouldBe("BYTES");
        label["data"]!.AsArray().Select(d => d!.GetValue<string>()).ShouldBe(["billing", "outage", "account-access"]);
        var probabilities = outputs.Single(o => o!["name"]!.GetValue<string>() == "probabilities")!;
        probabilities["shape"]!.ToJsonString().ShouldBe("[3,3]");
        var values = probabilities["data"]!.AsArray().Select(d => d!.GetValue<float>()).ToArray();
        for (var row = 0; row < 3; row++)
        {
            values.Skip(row * 3).Take(3).Sum().ShouldBe(1f, 1e-5f);
            Array.IndexOf(values.Skip(row * 3).Take(3).ToArray(), values.Skip(row * 3).Take(3).Max()).ShouldBe(row);
        }
    }

    [Fact]
    public async Task ARequestCanAskForTheLabelAlone()
    {
        var request = JsonNode.Parse(Http.Texts("Where is my refund?"))!;
        request["outputs"] = new JsonArray(new JsonObject { ["name"] = "label" });

        var (status, body, _) = await _client.PostJsonAsync("/v2/models/router/infer", request.ToJsonString());

        status.ShouldBe(200);
        body!["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["label"]);
        body["outputs"]![0]!["data"]![0]!.GetValue<string>().ShouldBe("billing");
    }

    [Fact]
    public async Task AManifestWhoseProbabilitiesDoNotHaveAColumnPerClassIsRefusedNamingTheFix()
    {
        using var repository = new ModelRepositoryBuilder();
        WriteClassifier(repository, "router", "1", Classes.Length, probabilityColumns: 2);
        await using var app = new ServingApp(repository.Root);
        using var client = await app.StartAsync(requireReady: false);

        var (status, body) = await client.GetJsonAsync("/v2/models/router");

        status.ShouldBe(503);
        body!["error"]!.GetValue<string>().ShouldContain("a text-classification model has the outputs 'label' (BYTES, [-1]) and 'probabilities' (FP32, [-1, 3], one column per class)");
    }

    /// <summary>The encoder from the shared MiniLM copy, a head whose weights are the classes' mean example vectors (scaled), and the manifest.</summary>
    private static void WriteClassifier(ModelRepositoryBuilder repository, string name, string version, int classes, int probabilityColumns = 0)
    {
        var directory = repository.VersionDirectory(name, version);
        foreach (var file in new[] { "model.onnx", "vocab.txt" })
        {
            File.CreateSymbolicLink(Path.Combine(directory, file), Path.Combine(MiniLmFiles.Directory, file));
        }

        var settings = new TextEmbeddingManifest();
        using var encoder = new TextEmbeddingRunner("minilm", MiniLmFiles.Directory, settings, "text", "embedding", 0, 1);
        var weights = new List<float>();
        foreach (var examples in Examples.Take(classes))
        {
            var vectors = (float[])encoder.Run([new Serving.Tensors.Tensor("text", Serving.Tensors.DataType.Bytes, [examples.Length], examples)])[0].Data;
            weights.AddRange(Enumerable.Range(0, encoder.Dimension).Select(d => 20f * Enumerable.Range(0, examples.Length).Average(i => vectors[i * encoder.Dimension + d])));
        }

        var head = new OnnxGraphBuilder()
            .Input("embedding", OnnxGraphBuilder.Float, -1, encoder.Dimension)
            .Initializer("W", [classes, encoder.Dimension], [.. weights])
            .Initializer("B", [classes], new float[classes])
            .Node("Gemm", ["embedding", "W", "B"], ["logits"], ("transB", 1))
            .Node("Softmax", ["logits"], ["probabilities"], ("axis", 1))
            .Output("probabilities", OnnxGraphBuilder.Float, -1, classes)
            .Build();
        File.WriteAllBytes(Path.Combine(directory, "head.onnx"), head);

        var manifest = new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["kind"] = "text-classification",
            ["files"] = new JsonArray(
                new JsonObject { ["path"] = "model.onnx", ["sha256"] = MiniLmFiles.Sha256(Path.Combine(MiniLmFiles.Directory, "model.onnx")) },
                new JsonObject { ["path"] = "vocab.txt", ["sha256"] = MiniLmFiles.Sha256(Path.Combine(MiniLmFiles.Directory, "vocab.txt")) },
                new JsonObject { ["path"] = "head.onnx", ["sha256"] = ModelRepositoryBuilder.Sha256(head) }),
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "text", ["datatype"] = "BYTES", ["shape"] = new JsonArray(-1) }),
            ["outputs"] = new JsonArray(
                new JsonObject { ["name"] = "label", ["datatype"] = "BYTES", ["shape"] = new JsonArray(-1) },
                new JsonObject { ["name"] = "probabilities", ["datatype"] = "FP32", ["shape"] = new JsonArray(-1, probabilityColumns > 0 ? probabilityColumns : classes) }),
            ["maxBatchSize"] = 32,
            ["textEmbedding"] = new JsonObject { ["model"] = "model.onnx", ["vocabulary"] = "vocab.txt" },
            ["textClassification"] = new JsonObject { ["head"] = "head.onnx", ["classes"] = new JsonArray([.. Classes.Take(classes).Select(c => (JsonNode)c)]) },
        };
        repository.WithManifest(name, version, manifest.ToJsonString());
    }
}
