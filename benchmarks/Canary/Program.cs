using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Benchmarks.Deploy;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Deployment;
using Slipway.Delivery.Tests.Infrastructure;

// Monitor and feed back, measured. Client load runs through the edge for the whole deploy, from 3 s before it starts
// to 3 s after it ends:
//  (a) a bad version (20% of the requests through the edge fail, every gate passes) deployed as a canary, next to the
//      same version deployed blue/green with a watch window: the share of client requests that failed, and the seconds
//      from the canary's first traffic to full rollback;
//  (b) a good version of the real service (all-MiniLM-L6-v2) promoted by canary 10,50,100: total time, failed requests;
//  (c) Prometheus's CPU and memory while it scrapes.
// Usage: dotnet run -c Release --project benchmarks/Canary [-- --clients 4 --step 10]
var clients = Option("--clients", 4);
var step = TimeSpan.FromSeconds(Option("--step", 10));
var log = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console().CreateLogger();
var quiet = new LoggerConfiguration().CreateLogger();

using var engine = await DockerEngine.EnsureAsync(new DockerEngineOptions { AllowProvisioning = false }, log);
var docker = engine.Client;
var suffix = Guid.NewGuid().ToString("N")[..8];
var repository = $"slipway-bench-canary-{suffix}";
var work = Directory.CreateTempSubdirectory("slipway-bench-canary-").FullName;
var app = "canary" + suffix;
Slipway.Delivery.Deployment.Backends.DeployImages? images = null;
try
{
    Console.WriteLine($"Preparing images (edge and monitoring from Debian packages, stand-ins, the real service), {clients} clients, steps of {step.TotalSeconds:0} s…");
    var edgeImage = await EdgeImage.EnsureAsync(docker, quiet);
    var monitoringImage = await MonitoringImage.EnsureAsync(docker, quiet);
    images = Slipway.Delivery.Deployment.Backends.DeployImages.Of(edgeImage, monitoringImage);
    var good = await new FakeServiceImage { Tag = $"{repository}:v1" }.BuildAsync(docker, edgeImage);
    var bad = await new FakeServiceImage { Tag = $"{repository}:bad", Version = 7, EdgeFailurePercent = 20 }.BuildAsync(docker, edgeImage);
    var real = await ServiceImages.BuildRealAsync(docker, repository, work, quiet);
    var next = await ServiceImages.BuildVariantAsync(docker, $"{repository}:next", $"FROM {real}\nLABEL org.slipway.bench-variant=\"next\"\n");

    Console.WriteLine();
    Console.WriteLine("scenario                              | client requests | failed | failed % | deploy s | first traffic → rollback s | outcome");
    var canary = await BadAsync("(a) bad version, canary", "c", DeploymentStrategy.Canary, step);
    var watched = await BadAsync("(a) bad version, blue/green+watch", "b", DeploymentStrategy.BlueGreen, step);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"    failed requests let through: canary {canary:0.00}% vs blue/green with a watch {watched:0.00}%: {(canary > 0 ? watched / canary : double.PositiveInfinity):0.0}× fewer with the canary"));
    await GoodAsync();
    await OverheadAsync();

    async Task<double> BadAsync(string name, string environment, DeploymentStrategy strategy, TimeSpan watch)
    {
        var (request, deployer) = NewEnvironment(environment, "m", strategy);
        request = request with { Watch = watch };
        await deployer.DeployAsync(request with { Image = good });
        await using var load = new ContinuousLoad(Edge(request), "v2/models/m/infer", """{"inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"data":[0.5,0.5]}]}""", clients);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var started = load.Elapsed;
        LedgerEntry entry;
        string outcome;
        try
        {
            entry = (await deployer.DeployAsync(request with { Image = bad })).LedgerEntry;
            outcome = "promoted (wrong!)";
        }
        catch (DeploymentFailedException failure)
        {
            entry = failure.LedgerEntry!;
            outcome = entry.Outcome;
        }

        var took = load.Elapsed - started;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var samples = await load.StopAsync();
        var first = entry.Traffic.FirstOrDefault(t => t.Weights.GetValueOrDefault(entry.Colour ?? "") > 0);
        var back = entry.Traffic.LastOrDefault();
        var rollback = first is not null && back is not null && entry.Outcome != LedgerOutcomes.Succeeded ? (back.At - first.At).TotalSeconds : double.NaN;
        var failed = samples.Count(s => s.Failed);
        var share = 100.0 * failed / Math.Max(1, samples.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-37} | {samples.Count,15} | {failed,6} | {share,7:0.00}% | {took.TotalSeconds,8:0.0} | {rollback,26:0.0} | {outcome}"));
        await deployer.UndeployAsync(request);
        return share;
    }

    async Task GoodAsync()
    {
        var (request, deployer) = NewEnvironment("g", "minilm", DeploymentStrategy.Canary);
        await deployer.DeployAsync(request with { Image = real });
        await using var load = new ContinuousLoad(Edge(request), "v2/models/minilm/infer", """{"inputs":[{"name":"text","datatype":"BYTES","shape":[1],"data":["canary deploys"]}]}""", clients);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var started = load.Elapsed;
        var result = await deployer.DeployAsync(request with { Image = next, Watch = step });
        var took = load.Elapsed - started;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var samples = await load.StopAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"(b) good version, canary 10,50,100",-37} | {samples.Count,15} | {samples.Count(s => s.Failed),6} | {100.0 * samples.Count(s => s.Failed) / Math.Max(1, samples.Count),7:0.00}% | {took.TotalSeconds,8:0.0} | {"-",26} | {result.LedgerEntry.Outcome}"));
        Console.WriteLine("    phases: " + string.Join(", ", result.PhaseDurationsMs.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value / 1000:0.0} s"))));
        Console.WriteLine($"    client p50 {LoadSummary.Percentile(samples, 50):0.0} ms, p99 {LoadSummary.Percentile(samples, 99):0.0} ms");
    }

    async Task OverheadAsync()
    {
        // the good environment still runs: its Prometheus scrapes the service, the edge exporter and itself every second
        var (request, deployer) = NewEnvironment("g", "minilm", DeploymentStrategy.Canary);
        await using var load = new ContinuousLoad(Edge(request), "v2/models/minilm/infer", """{"inputs":[{"name":"text","datatype":"BYTES","shape":[1],"data":["overhead"]}]}""", 1);
        var name = Deployer.ContainerName(request, "prometheus");
        var first = await StatsAsync(name);
        await Task.Delay(TimeSpan.FromSeconds(20));
        var second = await StatsAsync(name);
        var cpu = (second.CPUStats!.CPUUsage!.TotalUsage - first.CPUStats!.CPUUsage!.TotalUsage) / 1e9 / (second.Read - first.Read).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(c) Prometheus while scraping every 1 s: {cpu * 100:0.0}% of one core over 20 s, memory {second.MemoryStats!.Usage / 1048576.0:0} MiB"));
        await load.StopAsync();
        await deployer.UndeployAsync(request);
    }

    async Task<ContainerStatsResponse> StatsAsync(string container)
    {
        var stats = new StatsReceiver();
        await docker.Containers.GetContainerStatsAsync(container, new ContainerStatsParameters { Stream = false }, stats);
        return stats.Last ?? throw new InvalidOperationException($"No stats for {container}.");
    }
}
finally
{
    await LabelledResources.RemoveAsync(docker, $"org.slipway.app={app}");
    // children first; images built in the same second sort in any order, so a parent refused once goes in the next round
    for (var round = 0; round < 3; round++)
    {
        foreach (var image in (await docker.Images.ListImagesAsync(new ImagesListParameters())).OrderByDescending(image => image.Created))
        {
            if ((image.RepoTags ?? []).Any(tag => tag.StartsWith(repository, StringComparison.Ordinal)))
            {
                try
                {
                    await docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
                }
                catch (DockerApiException) when (round < 2)
                {
                    // a child still holds it: the next round deletes it
                }
                catch (DockerApiException exception)
                {
                    Console.WriteLine($"Left image {image.ID[..19]} behind: {exception.ResponseBody?.Trim()}");
                }
            }
        }
    }

    Directory.Delete(work, recursive: true);
}

(DeployRequest Request, Deployer Deployer) NewEnvironment(string environment, string model, DeploymentStrategy strategy)
{
    // fixed ports per environment so the overhead scenario finds the good environment again
    var basePort = 18400 + environment[0] % 10 * 40;
    return (new DeployRequest
    {
        App = app,
        Environment = environment,
        EdgeAddress = $"127.0.0.1:{basePort}",
        FirstServicePort = basePort + 1,
        SmokeModel = model,
        Models = [new ModelVersion(model, "1", null)],
        StateDirectory = Path.Combine(work, "state"),
        DrainGrace = TimeSpan.FromSeconds(5),
        Who = "benchmark",
        Strategy = strategy,
        CanarySteps = [10, 50, 100],
        StepDuration = step,
        Watch = step,
        EdgeImage = null,
        Monitoring = new MonitoringOptions
        {
            PrometheusAddress = $"127.0.0.1:{basePort + 20}",
            AlertmanagerAddress = $"127.0.0.1:{basePort + 21}",
            EdgeMetricsAddress = $"127.0.0.1:{basePort + 22}",
            EdgeLogAddress = $"127.0.0.1:{basePort + 23}",
        },
        ExtraLabels = TestRun.Labels,
    }, new Deployer(docker, quiet, images));
}


static Uri Edge(DeployRequest request) => new($"http://{request.EdgeAddress}/");

static int Option(string name, int fallback)
{
    var arguments = Environment.GetCommandLineArgs();
    var index = Array.IndexOf(arguments, name);
    return index >= 0 && index + 1 < arguments.Length && int.TryParse(arguments[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
}

/// <summary>Keeps the last stats answer; called on the reading thread (Progress&lt;T&gt; would post it later).</summary>
internal sealed class StatsReceiver : IProgress<ContainerStatsResponse>
{
    public ContainerStatsResponse? Last { get; private set; }

    public void Report(ContainerStatsResponse value) => Last = value;
}
