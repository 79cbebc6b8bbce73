using k8s;
using k8s.Models;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment;
using Slipway.Delivery.Deployment.Kubernetes;

namespace Slipway.Delivery.Tests.Deployment.Kubernetes;

/// <summary>The rendered objects: valid against the real schemas, strict-loadable, and holding what a model service needs.</summary>
public sealed class KubernetesManifestsTests(KubernetesValidator validator) : IClassFixture<KubernetesValidator>
{
    private const string Digest = "registry.example:5000/slipway@sha256:4f1c3b9a8e0d5c2b7a6f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b";

    private static readonly KubernetesEnvironment Staging = new()
    {
        App = "slipway",
        Environment = "staging",
        Image = Digest,
        Models = [new ModelVersion("minilm", "1", "sha256:abc123")],
        ApiKeySecret = "slipway-api-keys",
    };

    private static readonly KubernetesEnvironment Production = Staging with { Environment = "production", Strategy = DeploymentStrategy.Canary, Replicas = 4 };

    [Fact]
    public async Task EveryObjectOfBothStrategiesPassesTheKubernetesAndArgoRolloutsSchemas()
    {
        // Arrange
        var objects = KubernetesManifests.Render(Staging).Concat(KubernetesManifests.Render(Production)).Cast<object>().ToList();

        // Act
        var results = await validator.ValidateAsync(objects);

        // Assert
        results.Select(r => r.Object).ShouldBe([
            "Namespace/slipway-staging", "Deployment/slipway", "Service/slipway", "PodDisruptionBudget/slipway", "HorizontalPodAutoscaler/slipway", "NetworkPolicy/slipway",
            "Namespace/slipway-production", "Rollout/slipway", "AnalysisTemplate/slipway-canary", "Service/slipway", "PodDisruptionBudget/slipway", "HorizontalPodAutoscaler/slipway", "NetworkPolicy/slipway"]);
        results.Where(r => !r.Valid).Select(r => $"{r.Object}: {r.Errors}").ShouldBeEmpty();
    }

    [Fact]
    public async Task TheSchemaCheckRejectsAnObjectWithAWrongType()
    {
        // Arrange: a port given as a name where the schema wants a number
        var deployment = KubernetesManifests.Render(Staging).OfType<V1Deployment>().Single();
        var json = KubernetesJson.Serialize(deployment).Replace("\"containerPort\":8080", "\"containerPort\":\"eighty\"");

        // Act
        var results = await validator.ValidateAsync([System.Text.Json.Nodes.JsonNode.Parse(json)!]);

        // Assert
        results.Single().Valid.ShouldBeFalse();
        results.Single().Errors.ShouldContain("containerPort");
    }

    [Fact]
    public void TheYamlStreamLoadsBackStrictlyIntoTheSameObjects()
    {
        // Arrange
        var objects = KubernetesManifests.Render(Production);

        // Act
        var yaml = KubernetesManifests.ToYaml(objects);
        var loaded = KubernetesYaml.LoadAllFromString(yaml, KubernetesManifests.TypeMap, strict: true);

        // Assert
        loaded.Select(o => KubernetesJson.Serialize(o)).ShouldBe(objects.Select(o => KubernetesJson.Serialize(o)));
    }

    [Fact]
    public void TheStrictLoadRejectsAnUnknownField()
    {
        // Arrange: a misspelt field the schema validator would let through
        var yaml = KubernetesManifests.ToYaml(KubernetesManifests.Render(Staging).OfType<V1Service>()).Replace("  type: ClusterIP", "  type: ClusterIP\n  sessionAfinity: ClientIP");

        // Act
        var failure = Should.Throw<Exception>(() => KubernetesYaml.LoadAllFromString(yaml, KubernetesManifests.TypeMap, strict: true));

        // Assert
        failure.ToString().ShouldContain("sessionAfinity");
    }

    [Fact]
    public void ThePodsProbeModelReadinessDrainWithoutAShellAndRunRestricted()
    {
        // Act
        var deployment = KubernetesManifests.Render(Staging).OfType<V1Deployment>().Single();
        var pod = deployment.Spec.Template.Spec;
        var container = pod.Containers.Single();

        // Assert
        container.Image.ShouldBe(Digest);
        container.ReadinessProbe.HttpGet.Path.ShouldBe("/v2/health/ready");
        container.LivenessProbe.HttpGet.Path.ShouldBe("/v2/health/live");
        container.StartupProbe.HttpGet.Path.ShouldBe("/v2/health/ready");
        (container.StartupProbe.PeriodSeconds!.Value * container.StartupProbe.FailureThreshold!.Value).ShouldBeGreaterThanOrEqualTo((int)Staging.GateTimeout.TotalSeconds);
        container.Lifecycle.PreStop.Sleep.Seconds.ShouldBe(5);
        container.Lifecycle.PreStop.Exec.ShouldBeNull();
        pod.TerminationGracePeriodSeconds!.Value.ShouldBeGreaterThanOrEqualTo((long)(Staging.DrainGrace + Staging.PreStopDelay).TotalSeconds);
        pod.SecurityContext.RunAsNonRoot.ShouldBe(true);
        pod.SecurityContext.SeccompProfile.Type.ShouldBe("RuntimeDefault");
        container.SecurityContext.ReadOnlyRootFilesystem.ShouldBe(true);
        container.SecurityContext.AllowPrivilegeEscalation.ShouldBe(false);
        container.SecurityContext.Capabilities.Drop.ShouldBe(["ALL"]);
        container.VolumeMounts.Select(m => m.MountPath).ShouldContain("/tmp");
        container.Resources.Requests.Keys.ShouldBe(["cpu", "memory"], ignoreOrder: true);
        container.Resources.Limits.Keys.ShouldBe(["cpu", "memory"], ignoreOrder: true);
        pod.TopologySpreadConstraints.Select(t => t.TopologyKey).ShouldContain("kubernetes.io/hostname");
        deployment.Spec.Replicas.ShouldBeNull(); // the autoscaler owns the count
        deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value.ShouldBe("0");
    }

    [Fact]
    public void TheModelDigestIsAnAnnotationAndTheApiKeysAreASecretReferenceNeverAValue()
    {
        // Act
        var objects = KubernetesManifests.Render(Staging);
        var pod = objects.OfType<V1Deployment>().Single().Spec.Template;
        var yaml = KubernetesManifests.ToYaml(objects);

        // Assert
        pod.Metadata.Annotations["models.slipway.org/minilm"].ShouldBe("1 sha256:abc123");
        pod.Spec.Volumes.Single(v => v.Name == "api-keys").Secret.SecretName.ShouldBe("slipway-api-keys");
        pod.Spec.Containers.Single().Env.Single(e => e.Name == "Serving__Auth__ApiKeyFile").Value.ShouldBe("/run/secrets/slipway/api-keys");
        objects.ShouldNotContain(o => o is V1Secret);
        yaml.ShouldNotContain("kind: Secret");
    }

    [Fact]
    public void TheCanaryRolloutHasTheEngineCanarysStepsAndTheSameQueriesOnThePodTemplateHash()
    {
        // Act
        var objects = KubernetesManifests.Render(Production with { StepDuration = TimeSpan.FromSeconds(30) });
        var rollout = objects.OfType<V1Alpha1Rollout>().Single();
        var template = objects.OfType<V1Alpha1AnalysisTemplate>().Single();
        var canary = "namespace=\"slipway-production\",rollouts_pod_template_hash=\"{{args.canary-hash}}\"";

        // Assert
        rollout.Spec.Strategy.Canary!.Steps.Select(s => s.SetWeight?.ToString() ?? s.Pause!.Duration).ShouldBe(["10", "30s", "50", "30s"]);
        rollout.Spec.Strategy.Canary.Analysis!.Args.Select(a => a.ValueFrom!.PodTemplateHashValue).ShouldBe(["Latest", "Stable"]);
        template.Spec.Metrics.Single(m => m.Name == "success-rate").Provider.Prometheus!.Query
            .ShouldBe(AnalysisDefinition.SuccessRateQuery(canary, TimeSpan.FromSeconds(30), AnalysisMetrics.Service));
        template.Spec.Metrics.Single(m => m.Name == "success-rate").SuccessCondition.ShouldEndWith(">= 0.99");
        template.Spec.Metrics.Single(m => m.Name == "p99").Provider.Prometheus!.Query
            .ShouldBe(AnalysisDefinition.P99Query(canary, TimeSpan.FromSeconds(30), AnalysisMetrics.Service));
        template.Spec.Metrics.Single(m => m.Name == "requests").SuccessCondition.ShouldBe("result[0] >= 20");
        objects.OfType<V2HorizontalPodAutoscaler>().Single().Spec.ScaleTargetRef.Kind.ShouldBe("Rollout");
        objects.OfType<V2HorizontalPodAutoscaler>().Single().Spec.MinReplicas.ShouldBe(4);
    }

    [Fact]
    public void TheServiceMetricsTheAnalysisReadsAreTheOnesTheServiceExports()
    {
        // Arrange: the service's metric definitions, which this library does not reference
        var source = File.ReadAllText(Path.Combine(Infrastructure.RepositoryLayout.Root, "source", "Slipway.Serving", "Observability", "ServingMetrics.cs"));

        // Assert
        source.ShouldContain($"\"{AnalysisMetrics.Service.Requests}\"");
        source.ShouldContain($"\"{AnalysisMetrics.Service.Duration}\"");
        source.ShouldContain($"\"{AnalysisMetrics.Service.StatusLabel}\"");
    }

    [Fact]
    public void BadValuesAreRefusedNamingEachOne()
    {
        // Act
        var failure = Should.Throw<DeployRequestException>(() => KubernetesManifests.Render(Staging with
        {
            Environment = "Prod_1",
            Replicas = 0,
            Strategy = DeploymentStrategy.Canary,
            CanarySteps = [50, 10],
        }));

        // Assert
        failure.Message.ShouldContain("Environment 'Prod_1' is not a DNS label");
        failure.Message.ShouldContain("Replicas 0 must be at least 1");
        failure.Message.ShouldContain("CanarySteps [50, 10]");
    }
}
