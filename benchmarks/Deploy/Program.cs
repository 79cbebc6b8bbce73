using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;
using Slipway.Benchmarks.Deploy;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Tests.Deployment;

// Zero downtime, measured: continuous infer requests through the edge during (a) a successful redeploy and
// (b) a failed deploy that is rolled back. Prints request counts, failures, p50/p99 (whole run, before the deploy
// as the reference, and around the switch) and the deploy's phase times.
// Usage: dotnet run -c Release --project benchmarks/Deploy [-- --clients 4 --rounds 3]
var clients = Option("--clients", 4);
var rounds = Option("--rounds", 3);
var log = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console().CreateLogger();
var quiet = new LoggerConfiguration().CreateLogger();

using var engine = await DockerEngine.EnsureAsync(new DockerEngineOptions { AllowProvisioning = false }, log);
var docker = engine.Client;
var suffix = Guid.NewGuid().ToString("N")[..8];
var repository = $"slipway-bench-deploy-{suffix}";
var work = Directory.CreateTempSubdirectory("slipway-bench-deploy-").FullName;
var app = "bench" + suffix;
var state = Path.Combine(work, "state");
try
{
    Console.WriteLine($"Preparing images (edge from Debian packages, the real service with all-MiniLM-L6-v2), {clients} clients, {rounds} rounds…");
    var edgeImage = await EdgeImage.EnsureAsync(docker, quiet);
    var real = await ServiceImages.BuildRealAsync(docker, repository, work, quiet);
    var next = await ServiceImages.BuildVariantAsync(docker, $"{repository}:next", $"FROM {real}\nLABEL org.slipway.bench-variant=\"next\"\n");
    var unhealthy = await ServiceImages.BuildVariantAsync(docker, $"{repository}:unhealthy", $"FROM {real}\nHEALTHCHECK --interval=1s --timeout=2s --start-period=1s --retries=2 CMD [\"/bin/false\"]\n");

    var edgePort = FreePort();
    var request = new DeployRequest
    {
        App = app,
        Image = real,
        EdgeImage = edgeImage,
        EdgeAddress = $"127.0.0.1:{edgePort}",
        FirstServicePort = FreePort(),
        SmokeModel = "minilm",
        StateDirectory = state,
        DrainGrace = TimeSpan.FromSeconds(10),
        Who = "benchmark",
        // the switch itself is measured here; the canary benchmark measures the analysed deploys
        Watch = TimeSpan.Zero,
        Monitoring = new Slipway.Delivery.Monitoring.MonitoringOptions { Enabled = false },
    };
    var deployer = new Deployer(docker, quiet);
    var first = await deployer.DeployAsync(request);
    Console.WriteLine($"First deploy (edge + blue): {Phases(first.PhaseDurationsMs)}");

    var edge = new Uri($"http://127.0.0.1:{edgePort}/");
    var images = new[] { next, real };
    Console.WriteLine();
    Console.WriteLine("scenario        | requests | failed | p50 ms | p99 ms | p99 before (ref) | p99 switch window | ratio | phases (ms)");
    for (var round = 0; round < rounds; round++)
    {
        await RunAsync("(a) redeploy", async () => (await deployer.DeployAsync(request with { Image = images[round % 2] })).PhaseDurationsMs);
        await RunAsync("(b) failed", async () =>
        {
            try
            {
                await deployer.DeployAsync(request with { Image = unhealthy });
                throw new InvalidOperationException("The deploy of the unhealthy image succeeded; the benchmark expects it to be rolled back.");
            }
            catch (DeploymentFailedException failure)
            {
                return failure.LedgerEntry?.PhaseDurationsMs ?? new Dictionary<string, double>();
            }
        });
    }

    async Task RunAsync(string name, Func<Task<IReadOnlyDictionary<string, double>>> deploy)
    {
        await using var load = new ContinuousLoad(edge, "v2/models/minilm/infer", """{"inputs":[{"name":"text","datatype":"BYTES","shape":[1],"data":["zero downtime deploys"]}]}""", clients);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var deployStarted = load.Elapsed;
        var phases = await deploy();
        var deployEnded = load.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var samples = await load.StopAsync();

        // The switch window: from the end of the gates (start+healthy+ready+smoke after the deploy began) to the end of the deploy, ±0.5 s.
        var gates = new[] { "start", "healthy", "ready", "smoke" }.Sum(p => phases.TryGetValue(p, out var ms) ? ms : 0);
        var windowStart = deployStarted + TimeSpan.FromMilliseconds(gates) - TimeSpan.FromMilliseconds(500);
        var windowEnd = deployEnded + TimeSpan.FromMilliseconds(500);
        var before = samples.Where(s => s.Started < deployStarted).ToList();
        var window = samples.Where(s => s.Started >= windowStart && s.Started <= windowEnd).ToList();
        var p99Before = LoadSummary.Percentile(before, 99);
        var p99Window = LoadSummary.Percentile(window, 99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-15} | {samples.Count,8} | {samples.Count(s => s.Failed),6} | {LoadSummary.Percentile(samples, 50),6:0.0} | {LoadSummary.Percentile(samples, 99),6:0.0} | {p99Before,16:0.0} | {p99Window,17:0.0} | {p99Window / p99Before,5:0.00} | {Phases(phases)}"));
        foreach (var failure in samples.Where(s => s.Failed).Take(3))
        {
            Console.WriteLine($"    failed at {failure.Started.TotalSeconds:0.000} s: {failure.Error}");
        }
    }

    await deployer.UndeployAsync(request);
}
finally
{
    foreach (var container in await docker.Containers.ListContainersAsync(new ContainersListParameters
    {
        All = true,
        Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"org.slipway.app={app}"] = true } },
    }))
    {
        await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
    }

    // Children first (newest first): an image that a later one was built on cannot be deleted before it.
    foreach (var image in (await docker.Images.ListImagesAsync(new ImagesListParameters())).OrderByDescending(image => image.Created))
    {
        if ((image.RepoTags ?? []).Any(tag => tag.StartsWith(repository, StringComparison.Ordinal)))
        {
            try
            {
                await docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
            }
            catch (DockerApiException exception)
            {
                Console.WriteLine($"Left image {image.ID[..19]} behind: {exception.ResponseBody?.Trim()}");
            }
        }
    }

    Directory.Delete(work, recursive: true);
}

static string Phases(IReadOnlyDictionary<string, double> phases) =>
    string.Join(", ", phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0}")));

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : index >= 0 ? throw new ArgumentException($"{name} needs a positive whole number, e.g. '{name} {fallback}'.") : fallback;
}
