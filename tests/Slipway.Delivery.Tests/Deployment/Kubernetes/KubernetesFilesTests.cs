using k8s.Models;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Kubernetes;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Deployment.Kubernetes;

/// <summary>
/// The take-away files: every kustomize overlay (through the real <c>kubectl kustomize</c>) and the Helm chart (through the
/// real <c>helm lint</c> and <c>helm template</c>) give exactly the objects <see cref="KubernetesManifests"/> renders for
/// the environment, compared object by object.
/// </summary>
public sealed class KubernetesFilesTests(KubernetesValidator validator) : IClassFixture<KubernetesValidator>, IDisposable
{
    private static readonly KubernetesEnvironment Staging = new() { App = "slipway", Environment = "staging", ApiKeySecret = "slipway-api-keys" };

    private static readonly KubernetesEnvironment Production = Staging with
    {
        Environment = "production",
        Strategy = DeploymentStrategy.Canary,
        Replicas = 3,
        MaxReplicas = 10,
        CpuRequest = "1",
        MemoryRequest = "1536Mi",
        CpuLimit = "3",
        MemoryLimit = "3Gi",
    };

    private readonly string _root = Directory.CreateTempSubdirectory("slipway-k8s-files-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public async Task EachKustomizeOverlayBuildsExactlyTheRenderedObjects(string name)
    {
        // Arrange
        await KubernetesFiles.WriteAsync(_root, [Staging, Production]);
        var environment = name == "staging" ? Staging : Production;

        // Act
        var result = await validator.KustomizeAsync(Path.Combine(_root, KubernetesFiles.KustomizeDirectory, "overlays", name));

        // Assert
        result.ExitCode.ShouldBe(0, string.Join("\n", result.Output));
        var built = KubernetesValidator.Canonical(string.Join("\n", result.StandardOutput));
        var rendered = KubernetesValidator.Canonical(KubernetesManifests.ToYaml(KubernetesManifests.Render(environment)));
        built.Keys.ShouldBe(rendered.Keys);
        foreach (var (key, json) in rendered)
        {
            built[key].ShouldBe(json, key);
        }
    }

    [Fact]
    public async Task TheHelmChartPassesHelmLintAndItsDefaultsTemplateTheFirstEnvironmentsDeployment()
    {
        // Arrange
        await KubernetesFiles.WriteAsync(_root, [Staging, Production]);
        var chart = Path.Combine(_root, KubernetesFiles.ChartDirectory);

        // Act
        var lint = await validator.HelmAsync("lint", chart, "--strict");
        var template = await validator.HelmAsync("template", "slipway", chart, "--namespace", "slipway-staging");

        // Assert
        lint.ExitCode.ShouldBe(0, string.Join("\n", lint.Output));
        template.ExitCode.ShouldBe(0, string.Join("\n", template.Output));
        ShouldEqualWithoutTheNamespace(KubernetesValidator.Canonical(string.Join("\n", template.StandardOutput)), Staging);
        template.StandardOutput.ShouldContain("kind: Deployment");
    }

    [Fact]
    public async Task TheHelmChartTemplatesTheCanaryThroughValues()
    {
        // Arrange
        await KubernetesFiles.WriteAsync(_root, [Staging, Production]);
        var chart = Path.Combine(_root, KubernetesFiles.ChartDirectory);

        // Act
        var template = await validator.HelmAsync("template", "slipway", chart, "--namespace", "slipway-production", "-f", Path.Combine(chart, "values-production.yaml"));

        // Assert
        template.ExitCode.ShouldBe(0, string.Join("\n", template.Output));
        var objects = KubernetesValidator.Canonical(string.Join("\n", template.StandardOutput));
        ShouldEqualWithoutTheNamespace(objects, Production);
        objects.Keys.ShouldContain("Rollout/slipway-production/slipway");
        objects.Keys.ShouldNotContain("Deployment/slipway-production/slipway");
    }

    [Fact]
    public async Task TheCommittedFilesPassKustomizeAndHelmLint()
    {
        // Arrange
        var deploy = Path.Combine(RepositoryLayout.Root, KubernetesFiles.KustomizeDirectory, "overlays");
        var overlays = Directory.GetDirectories(deploy);

        // Act
        var lint = await validator.HelmAsync("lint", Path.Combine(RepositoryLayout.Root, KubernetesFiles.ChartDirectory), "--strict");

        // Assert
        overlays.ShouldNotBeEmpty();
        lint.ExitCode.ShouldBe(0, string.Join("\n", lint.Output));
        foreach (var overlay in overlays)
        {
            var result = await validator.KustomizeAsync(overlay);
            result.ExitCode.ShouldBe(0, $"{overlay}: {string.Join("\n", result.Output)}");
            var objects = KubernetesValidator.Canonical(string.Join("\n", result.StandardOutput));
            objects.Keys.ShouldContain(k => k.StartsWith("Namespace/", StringComparison.Ordinal));
            (await validator.ValidateAsync(KubernetesYamlObjects(string.Join("\n", result.StandardOutput)))).Where(r => !r.Valid).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task WritingAgainChangesNothingAndARemovedEnvironmentsFilesAreDeleted()
    {
        // Arrange
        await KubernetesFiles.WriteAsync(_root, [Staging, Production]);

        // Act
        var again = await KubernetesFiles.WriteAsync(_root, [Staging, Production]);
        var stale = KubernetesFiles.Check(_root, [Staging]);
        var removed = await KubernetesFiles.WriteAsync(_root, [Staging]);

        // Assert
        again.ShouldBeEmpty();
        stale.ShouldContain("deploy/kubernetes/overlays/production/kustomization.yaml");
        removed.ShouldContain("deploy/helm/slipway/values-production.yaml");
        Directory.Exists(Path.Combine(_root, "deploy/kubernetes/overlays/production")).ShouldBeTrue();
        File.Exists(Path.Combine(_root, "deploy/kubernetes/overlays/production/kustomization.yaml")).ShouldBeFalse();
        KubernetesFiles.Check(_root, [Staging]).ShouldBeEmpty();
    }

    [Fact]
    public void AnOverlayThatDiffersInWhatOnlyTheBaseHoldsIsRefusedNamingIt()
    {
        // Act
        var failure = Should.Throw<DeployRequestException>(() => KubernetesFiles.Render([Staging, Production with { GateTimeout = TimeSpan.FromMinutes(9) }]));

        // Assert
        failure.Message.ShouldContain("production: an overlay may differ from 'staging' only in namespace, replicas, max replicas, strategy and resources");
    }

    private static void ShouldEqualWithoutTheNamespace(IReadOnlyDictionary<string, string> templated, KubernetesEnvironment environment)
    {
        var rendered = KubernetesValidator.Canonical(KubernetesManifests.ToYaml(KubernetesManifests.Render(environment).Where(o => o is not V1Namespace)));
        templated.Keys.ShouldBe(rendered.Keys);
        foreach (var (key, json) in rendered)
        {
            templated[key].ShouldBe(json, key);
        }
    }

    private static IEnumerable<object> KubernetesYamlObjects(string yaml) =>
        k8s.KubernetesYaml.LoadAllFromString(yaml, KubernetesManifests.TypeMap, strict: true);
}
