using Serilog;
using Slipway.Build.Definition;
using Slipway.Build.Tools;
using Slipway.Delivery.Engine;
using Slipway.Tooling;

namespace Slipway.Pipeline;

partial class Build
{
    Target DockerEngine => _ => _
        .Description("Finds a Docker engine (DOCKER_HOST, else /var/run/docker.sock); on Linux as root with apt, installs docker.io and starts dockerd when none answers")
        .Executes(async cancellationToken =>
        {
            using var engine = await ConnectDockerAsync(cancellationToken);
            Log.Information("Using {Engine}", engine.Description);
        });

    Target TestTools => _ => _
        .Description("Installs what the test suites use when missing: Debian mmdebstrap, docker-registry, chromium, rsync and Java 17; the CI validators from npm (GitHub's workflow parser, gitlab-ci-local, npm-groovy-lint); the Kubernetes validators (kubernetes-models schemas, helm and kubectl)")
        .Executes(async cancellationToken =>
        {
            await SystemPackages.EnsureAsync(new Dictionary<string, string>
            {
                ["mmdebstrap"] = "mmdebstrap",
                ["docker-registry"] = "docker-registry",
                ["chromium"] = "chromium",
                ["node"] = "nodejs",
                ["npm"] = "npm",
                ["rsync"] = "rsync", // gitlab-ci-local hands artifacts between jobs with it
                ["java"] = "openjdk-17-jre-headless", // npm-groovy-lint runs CodeNarc
            }, cancellationToken);
            var validator = RootDirectory / "tests" / "workflow-validator";
            string[] packages = ["@actions/workflow-parser", "gitlab-ci-local", "npm-groovy-lint"];
            if (packages.Any(p => !(validator / "node_modules" / p).DirectoryExists()))
                await ProcessTasks.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], validator, cancellationToken: cancellationToken);
            await KubernetesTools.EnsureAsync(RootDirectory / "tests" / "kubernetes-validator", cancellationToken);
        });

    Task<DockerEngineConnection> ConnectDockerAsync(CancellationToken cancellationToken) =>
        Slipway.Delivery.Engine.DockerEngine.EnsureAsync(
            new DockerEngineOptions { LogDirectory = TemporaryDirectory }, Log.Logger, cancellationToken);
}
