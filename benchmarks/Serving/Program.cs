using System.Diagnostics;
using System.Text;
using Slipway.Delivery.Models;
using Slipway.Serving.Benchmarks;
using Slipway.Serving.Repository;
using Slipway.Serving.Runtime;
using Slipway.Serving.Tensors;

// Side by side in one run, all on this machine:
//   1. in-process MiniLM (tokenizer + ONNX Runtime + pooling, the code the service runs) — the limit;
//   2. the same through the service over HTTP on real Kestrel at 127.0.0.1, one request at a time (interleaved with 1);
//   3. sixteen concurrent clients against the service with dynamic batching off, then on.
const int SequentialRequests = 400;
const int Concurrency = 16;
var loadDuration = TimeSpan.FromSeconds(args.Length > 0 && int.TryParse(args[0], out var seconds) ? seconds : 12);
const string Sentence = "The deployment finished and the new model version now answers every request.";

var repository = Path.Combine(Path.GetTempPath(), "slipway-bench-" + Guid.NewGuid().ToString("N"));
try
{
    var model = await ModelMaterializer.MaterializeMiniLmAsync(ModelMaterializer.DefaultNuGetPackagesRoot(), repository);
    Console.WriteLine($"Slipway.Serving benchmark — all-MiniLM-L6-v2, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

    var definition = ManifestValidator.Validate(
        System.Text.Json.JsonSerializer.Deserialize(File.ReadAllBytes(model.ManifestPath), Slipway.Serving.Protocol.ProtocolJson.Context.ModelManifest)!,
        model.Directory, "minilm", "1");
    var body = Encoding.UTF8.GetBytes($$"""{"inputs":[{"name":"text","shape":[1],"datatype":"BYTES","data":["{{Sentence}}"]}]}""");
    LatencySample raw, rawBatch, http, on, off;
    using (var runner = new TextEmbeddingRunner(definition, 0))
    await using (var service = await ServiceProcess.StartAsync(repository, batching: true))
    {
        using var client = Client(service.Address);
        Tensor[] inputs = [new Tensor("text", DataType.Bytes, [1], new[] { Sentence })];

        // 1 + 2. In-process and HTTP (default configuration, batching on) one request at a time, interleaved so
        // both see the same machine load.
        (raw, http) = await MeasureInterleavedAsync(SequentialRequests, () => runner.Run(inputs), () => PostAsync(client, body));
        Tensor[] batch = [new Tensor("text", DataType.Bytes, [Concurrency], Enumerable.Repeat(Sentence, Concurrency).ToArray())];
        rawBatch = Measure(SequentialRequests / Concurrency * 2, () => runner.Run(batch));

        // 3. Sixteen concurrent clients, batching on.
        var cpu = service.CpuTime;
        on = await LoadAsync(client, body, Concurrency, loadDuration);
        on.ServerCpu = service.CpuTime - cpu;
    }

    await using (var service = await ServiceProcess.StartAsync(repository, batching: false))
    {
        using var client = Client(service.Address);
        var cpu = service.CpuTime;
        off = await LoadAsync(client, body, Concurrency, loadDuration);
        off.ServerCpu = service.CpuTime - cpu;
    }

    Console.WriteLine();
    Console.WriteLine("| run | requests | p50 ms | p95 ms | p99 ms | req/s | req per service CPU-s |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    Row("in-process ONNX Runtime, sequential", raw);
    Row($"in-process ONNX Runtime, batches of {Concurrency} (per batch)", rawBatch);
    Row("HTTP via service (batching on), concurrency 1", http);
    Row($"HTTP, concurrency {Concurrency}, batching off", off);
    Row($"HTTP, concurrency {Concurrency}, batching on", on);
    Console.WriteLine();
    var latencyRatio = http.Percentile(50) / raw.Percentile(50);
    var throughputRatio = on.Throughput / off.Throughput;
    Console.WriteLine($"HTTP/in-process p50 ratio: {latencyRatio:0.00}x (goal <= 1.15x) {(latencyRatio <= 1.15 ? "MET" : "NOT MET")}");
    Console.WriteLine($"HTTP/in-process p99 ratio: {http.Percentile(99) / raw.Percentile(99):0.00}x");
    Console.WriteLine($"in-process ceiling for batching: {raw.Percentile(50) * Concurrency / rawBatch.Percentile(50):0.00}x more sentences/s in batches of {Concurrency}");
    Console.WriteLine($"batching on/off throughput ratio: {throughputRatio:0.00}x (goal >= 2.5x) {(throughputRatio >= 2.5 ? "MET" : "NOT MET")}");
    Console.WriteLine($"batching on/off requests per service CPU-second: {on.PerCpuSecond / off.PerCpuSecond:0.00}x (efficiency; other load on the machine hardly moves it)");
    Console.WriteLine($"batching on/off p95 ratio: {on.Percentile(95) / off.Percentile(95):0.00}x (goal <= 1.00x) {(on.Percentile(95) <= off.Percentile(95) ? "MET" : "NOT MET")}");
    return 0;
}
finally
{
    Directory.Delete(repository, recursive: true);
}

static HttpClient Client(Uri address) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = address };

static async Task PostAsync(HttpClient client, byte[] body)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new("application/json");
    using var response = await client.PostAsync("/v2/models/minilm/infer", content);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"inference answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    await response.Content.ReadAsByteArrayAsync();
}

static LatencySample Measure(int count, Action action)
{
    for (var i = 0; i < 30; i++)
    {
        action();
    }

    var times = new double[count];
    var wall = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    return new LatencySample(times, wall.Elapsed);
}

static async Task<(LatencySample Local, LatencySample Remote)> MeasureInterleavedAsync(int count, Action local, Func<Task> remote)
{
    for (var i = 0; i < 30; i++)
    {
        local();
        await remote();
    }

    var localTimes = new double[count];
    var remoteTimes = new double[count];
    var localWall = TimeSpan.Zero;
    var remoteWall = TimeSpan.Zero;
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        local();
        localTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        localWall += Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        await remote();
        remoteTimes[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        remoteWall += Stopwatch.GetElapsedTime(started);
    }

    return (new LatencySample(localTimes, localWall), new LatencySample(remoteTimes, remoteWall));
}

static async Task<LatencySample> LoadAsync(HttpClient client, byte[] body, int concurrency, TimeSpan duration)
{
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => PostAsync(client, body))); // open the connections
    var times = new System.Collections.Concurrent.ConcurrentBag<double>();
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (wall.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            await PostAsync(client, body);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }));
    return new LatencySample([.. times], wall.Elapsed);
}

static void Row(string name, LatencySample sample) =>
    Console.WriteLine($"| {name} | {sample.Count} | {sample.Percentile(50):0.00} | {sample.Percentile(95):0.00} | {sample.Percentile(99):0.00} | {sample.Throughput:0} | {(sample.PerCpuSecond is { } perCpu ? perCpu.ToString("0") : "")} |");
