using System.Diagnostics;
using Slipway.Delivery.Models;
using Slipway.Serving.Benchmarks;
using Slipway.Serving.Repository;
using Slipway.Serving.Runtime;
using Slipway.Serving.Tensors;

// Side by side in one run, all on this machine:
//   1. in-process MiniLM (tokenizer + ONNX Runtime + pooling, the code the service runs) — the reference;
//   2. the same through the service on real Kestrel at 127.0.0.1, one request at a time, over JSON REST, binary REST
//      (the binary tensor data extension) and gRPC, interleaved with 1 so that all see the same machine load;
//      each transport's round trip without inference (GET /v2/health/live, gRPC ServerLive) is timed in the same rounds;
//   3. sixteen concurrent clients over each protocol (dynamic batching on, the default), and over JSON REST with batching off.
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
    LatencySample raw, rawBatch, off;
    LatencySample[] sequential, loaded, floors;
    string[] names;
    using (var runner = new TextEmbeddingRunner(definition, 0))
    await using (var service = await ServiceProcess.StartAsync(repository, batching: true))
    {
        using var http = Client(service.Address);
        using var grpc = new GrpcClient(service.GrpcAddress, Sentence);
        InferenceClient[] clients = [new JsonRestClient(http, Sentence), new BinaryRestClient(http, Sentence), grpc];
        names = [.. clients.Select(c => c.Name)];
        Tensor[] inputs = [new Tensor("text", DataType.Bytes, [1], new[] { Sentence })];

        // 0. Every protocol's answer, once, before anything is timed: the same embedding as in-process.
        await VerifyAsync((float[])runner.Run(inputs)[0].Data, clients);

        // 1 + 2. In-process and every protocol (default configuration, batching on), one request at a time, interleaved.
        // Beside them, each transport's round trip without inference (REST and gRPC), the floor under its requests.
        InferenceClient[] transports = [clients[0], grpc];
        (raw, var remotes) = await MeasureInterleavedAsync(SequentialRequests, () => runner.Run(inputs),
            [.. clients.Select(c => (Func<Task>)c.InferAsync), .. transports.Select(c => (Func<Task>)c.PingAsync)]);
        sequential = remotes[..clients.Length];
        var restFloor = remotes[clients.Length];
        floors = [restFloor, restFloor, remotes[clients.Length + 1]];
        Tensor[] batch = [new Tensor("text", DataType.Bytes, [Concurrency], Enumerable.Repeat(Sentence, Concurrency).ToArray())];
        rawBatch = Measure(SequentialRequests / Concurrency * 2, () => runner.Run(batch));

        // 3. Sixteen concurrent clients per protocol, batching on.
        loaded = new LatencySample[clients.Length];
        for (var i = 0; i < clients.Length; i++)
        {
            var cpu = service.CpuTime;
            loaded[i] = await LoadAsync(clients[i].InferAsync, Concurrency, loadDuration);
            loaded[i].ServerCpu = service.CpuTime - cpu;
        }
    }

    await using (var service = await ServiceProcess.StartAsync(repository, batching: false))
    {
        using var http = Client(service.Address);
        var json = new JsonRestClient(http, Sentence);
        await json.EmbedAsync();
        var cpu = service.CpuTime;
        off = await LoadAsync(json.InferAsync, Concurrency, loadDuration);
        off.ServerCpu = service.CpuTime - cpu;
    }

    var on = loaded[0];
    var http1 = sequential[0];
    Console.WriteLine();
    Console.WriteLine("| run | requests | p50 ms | p95 ms | p99 ms | req/s | req per service CPU-s |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    Row("in-process ONNX Runtime, sequential", raw);
    Row($"in-process ONNX Runtime, batches of {Concurrency} (per batch)", rawBatch);
    for (var i = 0; i < names.Length; i++)
    {
        Row($"{names[i]} via service (batching on), concurrency 1", sequential[i]);
    }

    Row($"JSON REST, concurrency {Concurrency}, batching off", off);
    for (var i = 0; i < names.Length; i++)
    {
        Row($"{names[i]}, concurrency {Concurrency}, batching on", loaded[i]);
    }

    Console.WriteLine();
    Console.WriteLine($"| protocol | c1 p50 ms | c1 p99 ms | c1 req/s | c1 p50 / in-process | c1 p50 - in-process ms | round trip without inference, p50 ms | c{Concurrency} p50 ms | c{Concurrency} p99 ms | c{Concurrency} req/s | c{Concurrency} req per service CPU-s |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine($"| in-process ONNX Runtime (reference) | {raw.Percentile(50):0.00} | {raw.Percentile(99):0.00} | {raw.Throughput:0} | 1.00x | 0.00 | | | | | |");
    for (var i = 0; i < names.Length; i++)
    {
        Console.WriteLine($"| {names[i]} | {sequential[i].Percentile(50):0.00} | {sequential[i].Percentile(99):0.00} | {sequential[i].Throughput:0} | {sequential[i].Percentile(50) / raw.Percentile(50):0.00}x"
            + $" | {sequential[i].Percentile(50) - raw.Percentile(50):0.00} | {floors[i].Percentile(50):0.00}"
            + $" | {loaded[i].Percentile(50):0.00} | {loaded[i].Percentile(99):0.00} | {loaded[i].Throughput:0} | {loaded[i].PerCpuSecond:0} |");
    }

    Console.WriteLine();
    Goal("gRPC/in-process p50 ratio", sequential[2].Percentile(50) / raw.Percentile(50), 1.05);
    Goal("binary REST/in-process p50 ratio", sequential[1].Percentile(50) / raw.Percentile(50), 1.08);
    Goal("JSON REST/in-process p50 ratio", http1.Percentile(50) / raw.Percentile(50), 1.15);
    for (var i = 0; i < names.Length; i++)
    {
        Console.WriteLine($"{names[i]}/in-process p99 ratio: {sequential[i].Percentile(99) / raw.Percentile(99):0.00}x");
    }

    Console.WriteLine($"in-process ceiling for batching: {raw.Percentile(50) * Concurrency / rawBatch.Percentile(50):0.00}x more sentences/s in batches of {Concurrency}");
    var throughputRatio = on.Throughput / off.Throughput;
    Console.WriteLine($"batching on/off throughput ratio (JSON REST): {throughputRatio:0.00}x (goal >= 2.5x) {(throughputRatio >= 2.5 ? "MET" : "NOT MET")}");
    Console.WriteLine($"batching on/off requests per service CPU-second (JSON REST): {on.PerCpuSecond / off.PerCpuSecond:0.00}x (efficiency; other load on the machine hardly moves it)");
    Console.WriteLine($"batching on/off p95 ratio (JSON REST): {on.Percentile(95) / off.Percentile(95):0.00}x (goal <= 1.00x) {(on.Percentile(95) <= off.Percentile(95) ? "MET" : "NOT MET")}");
    return 0;
}
finally
{
    Directory.Delete(repository, recursive: true);
}

static HttpClient Client(Uri address) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = address };

static async Task VerifyAsync(float[] reference, IReadOnlyList<InferenceClient> clients)
{
    foreach (var client in clients)
    {
        var embedding = await client.EmbedAsync();
        var worst = embedding.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        if (embedding.Length != reference.Length || worst > 1e-5f)
        {
            throw new InvalidOperationException($"{client.Name}: the embedding differs from the in-process one by up to {worst} ({embedding.Length} numbers, expected {reference.Length})");
        }
    }

    Console.WriteLine($"checked: {string.Join(", ", clients.Select(c => c.Name))} each answer the in-process embedding ({reference.Length} floats)");
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

/// <summary>
/// <paramref name="count"/> rounds of one local call and one call to each remote; each round starts at a different one of them,
/// so no protocol always follows the local call (or another protocol). Every call is timed on its own.
/// </summary>
static async Task<(LatencySample Local, LatencySample[] Remotes)> MeasureInterleavedAsync(int count, Action local, Func<Task>[] remotes)
{
    Func<Task>[] calls = [() => { local(); return Task.CompletedTask; }, .. remotes];
    for (var i = 0; i < 30; i++)
    {
        foreach (var call in calls)
        {
            await call();
        }
    }

    var times = calls.Select(_ => new double[count]).ToArray();
    var walls = new TimeSpan[calls.Length];
    for (var i = 0; i < count; i++)
    {
        for (var k = 0; k < calls.Length; k++)
        {
            var c = (i + k) % calls.Length;
            var started = Stopwatch.GetTimestamp();
            await calls[c]();
            var elapsed = Stopwatch.GetElapsedTime(started);
            times[c][i] = elapsed.TotalMilliseconds;
            walls[c] += elapsed;
        }
    }

    return (new LatencySample(times[0], walls[0]), [.. Enumerable.Range(1, remotes.Length).Select(c => new LatencySample(times[c], walls[c]))]);
}

static async Task<LatencySample> LoadAsync(Func<Task> call, int concurrency, TimeSpan duration)
{
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => call())); // open the connections
    var times = new System.Collections.Concurrent.ConcurrentBag<double>();
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (wall.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }));
    return new LatencySample([.. times], wall.Elapsed);
}

static void Goal(string name, double ratio, double goal) =>
    Console.WriteLine($"{name}: {ratio:0.00}x (goal <= {goal:0.00}x) {(ratio <= goal ? "MET" : "NOT MET")}");

static void Row(string name, LatencySample sample) =>
    Console.WriteLine($"| {name} | {sample.Count} | {sample.Percentile(50):0.00} | {sample.Percentile(95):0.00} | {sample.Percentile(99):0.00} | {sample.Throughput:0} | {(sample.PerCpuSecond is { } perCpu ? perCpu.ToString("0") : "")} |");
