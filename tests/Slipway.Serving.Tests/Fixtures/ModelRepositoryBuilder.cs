using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Serving.Tests.Fixtures;

/// <summary>Writes model versions (graph + model.json) into a temporary repository folder; deletes it on dispose.</summary>
public sealed class ModelRepositoryBuilder : IDisposable
{
    public ModelRepositoryBuilder()
    {
        Root = Path.Combine(Path.GetTempPath(), "slipway-repo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>"adder": a FP32 [-1,3] + b FP32 [-1,3] → sum = a+b, product = a*b; batches up to <paramref name="maxBatchSize"/>.</summary>
    public ModelRepositoryBuilder WithAdder(string version = "1", int maxBatchSize = 8, int maxQueueDelayMs = 0, string name = "adder")
    {
        var graph = new OnnxGraphBuilder()
            .Input("a", OnnxGraphBuilder.Float, -1, 3)
            .Input("b", OnnxGraphBuilder.Float, -1, 3)
            .Output("sum", OnnxGraphBuilder.Float, -1, 3)
            .Output("product", OnnxGraphBuilder.Float, -1, 3)
            .Node("Add", ["a", "b"], ["sum"])
            .Node("Mul", ["a", "b"], ["product"])
            .Build();
        return WithOnnx(name, version, graph,
            inputs: [("a", "FP32", [-1, 3]), ("b", "FP32", [-1, 3])],
            outputs: [("sum", "FP32", [-1, 3]), ("product", "FP32", [-1, 3])],
            maxBatchSize, maxQueueDelayMs);
    }

    /// <summary>"echo": one Identity per datatype (x_&lt;type&gt; → y_&lt;type&gt;, shape [-1]), no batching.</summary>
    public ModelRepositoryBuilder WithEcho(string name = "echo")
    {
        var graph = new OnnxGraphBuilder();
        var inputs = new List<(string, string, long[])>();
        var outputs = new List<(string, string, long[])>();
        foreach (var (datatype, element) in EchoTypes)
        {
            var suffix = datatype.ToLowerInvariant();
            graph.Input($"x_{suffix}", element, -1).Output($"y_{suffix}", element, -1).Node("Identity", [$"x_{suffix}"], [$"y_{suffix}"]);
            inputs.Add(($"x_{suffix}", datatype, [-1]));
            outputs.Add(($"y_{suffix}", datatype, [-1]));
        }

        return WithOnnx(name, "1", graph.Build(), inputs, outputs, maxBatchSize: 0, maxQueueDelayMs: 0);
    }

    public static IReadOnlyList<(string Datatype, int Element)> EchoTypes { get; } =
    [
        ("BOOL", OnnxGraphBuilder.Bool), ("UINT8", OnnxGraphBuilder.UInt8), ("UINT16", OnnxGraphBuilder.UInt16),
        ("UINT32", OnnxGraphBuilder.UInt32), ("UINT64", OnnxGraphBuilder.UInt64), ("INT8", OnnxGraphBuilder.Int8),
        ("INT16", OnnxGraphBuilder.Int16), ("INT32", OnnxGraphBuilder.Int32), ("INT64", OnnxGraphBuilder.Int64),
        ("FP16", OnnxGraphBuilder.Float16), ("FP32", OnnxGraphBuilder.Float), ("FP64", OnnxGraphBuilder.Double),
        ("BYTES", OnnxGraphBuilder.String),
    ];

    public ModelRepositoryBuilder WithOnnx(
        string name, string version, byte[] graph,
        IReadOnlyList<(string Name, string Datatype, long[] Shape)> inputs,
        IReadOnlyList<(string Name, string Datatype, long[] Shape)> outputs,
        int maxBatchSize, int maxQueueDelayMs)
    {
        var directory = VersionDirectory(name, version);
        File.WriteAllBytes(Path.Combine(directory, "model.onnx"), graph);
        var manifest = new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["kind"] = "onnx",
            ["platform"] = "onnxruntime_onnx",
            ["files"] = new JsonArray(new JsonObject { ["path"] = "model.onnx", ["sha256"] = Sha256(graph) }),
            ["inputs"] = Tensors(inputs),
            ["outputs"] = Tensors(outputs),
            ["maxBatchSize"] = maxBatchSize,
            ["maxQueueDelayMs"] = maxQueueDelayMs,
        };
        return WithManifest(name, version, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>all-MiniLM-L6-v2 from the shared materialised copy (symbolic links, so no 90 MB copy per test).</summary>
    public ModelRepositoryBuilder WithMiniLm(string version = "1")
    {
        var source = MiniLmFiles.Directory;
        var directory = VersionDirectory("minilm", version);
        foreach (var file in new[] { "model.onnx", "vocab.txt" })
        {
            File.CreateSymbolicLink(Path.Combine(directory, file), Path.Combine(source, file));
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "model.json")))!;
        manifest["version"] = version;
        return WithManifest("minilm", version, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public ModelRepositoryBuilder WithManifest(string name, string version, string manifestJson)
    {
        File.WriteAllText(Path.Combine(VersionDirectory(name, version), "model.json"), manifestJson);
        return this;
    }

    public string VersionDirectory(string name, string version)
    {
        var directory = Path.Combine(Root, name, version);
        Directory.CreateDirectory(directory);
        return directory;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a still-running host may hold a file; the temp folder is cleaned by the OS
        }
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static JsonArray Tensors(IEnumerable<(string Name, string Datatype, long[] Shape)> tensors) =>
        new([.. tensors.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["datatype"] = t.Datatype,
            ["shape"] = new JsonArray([.. t.Shape.Select(d => (JsonNode)JsonValue.Create(d))]),
        })]);
}
