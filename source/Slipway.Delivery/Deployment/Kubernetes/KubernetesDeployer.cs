using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Serilog;
using Slipway.Delivery.Waiting;

namespace Slipway.Delivery.Deployment.Kubernetes;

/// <summary>
/// Applies an environment to a cluster: server-side apply of every rendered object with Slipway's field manager, a wait on
/// the rollout (Deployment conditions, or the Rollout's phase) within the gate timeout, and on failure a rollback to the
/// previous revision with the pods' events and last log lines. Locked by a Lease in the namespace (and the local file lock),
/// recorded in the ledger and the GitHub deployment like the other backends, through <see cref="Deployer.RunLockedAsync"/>.
/// </summary>
public sealed class KubernetesDeployer
{
    private readonly IKubernetes _client;
    private readonly string _server;
    private readonly ILogger _log;

    public KubernetesDeployer(IKubernetes client, string server, ILogger? log = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _server = server;
        _log = log ?? Serilog.Log.Logger;
    }

    /// <summary>How often the rollout is asked for its status.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public static KubernetesDeployer Connect(KubernetesConnection connection, ILogger? log = null) =>
        new(new k8s.Kubernetes(connection.Configuration), connection.Server, log);

    /// <summary>
    /// Applies <paramref name="environment"/> (its <see cref="KubernetesEnvironment.Image"/> a registry digest) and waits for it.
    /// Throws <see cref="DeploymentFailedException"/> when it fails (after rolling back) and <see cref="DeployRequestException"/> for bad values.
    /// </summary>
    public Task<DeployResult> DeployAsync(DeployRequest request, KubernetesEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.Image.Contains("@sha256:", StringComparison.Ordinal))
            throw new DeployRequestException([$"Image '{environment.Image}' is not pinned by digest: a cluster pulls from a registry, so push first (--registry; Deploy reads push.json) and deploy registry/name@sha256:<digest>."]);
        var objects = KubernetesManifests.Render(environment);
        request = request with { Backend = DeploymentBackend.Kubernetes, Image = environment.Image };
        return Deployer.RunLockedAsync(request, LedgerOutcomes.Deploy, _log, attempt => RunAsync(attempt, environment, objects, cancellationToken), cancellationToken);
    }

    private async Task<DeploymentOutcome> RunAsync(DeploymentAttempt attempt, KubernetesEnvironment environment, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, CancellationToken cancellationToken)
    {
        var ns = environment.ResolvedNamespace;
        var endpoint = $"http://{environment.App}.{ns}.svc";
        var canary = environment.Strategy == DeploymentStrategy.Canary;
        attempt.Update(entry => entry with { ImageReference = environment.Image, Endpoint = endpoint, Strategy = canary ? "argo-rollouts-canary" : "rolling-update" });
        var applied = new List<string>();
        try
        {
            await attempt.PhaseAsync("connect", async () =>
            {
                var version = await _client.Version.GetCodeAsync(cancellationToken).ConfigureAwait(false);
                _log.Information("Kubernetes API server {Server}: {Version}", _server, version.GitVersion);
            }).ConfigureAwait(false);

            await attempt.PhaseAsync("namespace", () => EnsureNamespaceAsync(objects.OfType<V1Namespace>().Single(), cancellationToken)).ConfigureAwait(false);
            applied.Add($"Namespace/{ns}");
            var holder = $"{attempt.Entry.Who}@{System.Environment.MachineName} deploy {attempt.Entry.Id}";
            await using var lease = await attempt.PhaseAsync("lease", () => KubernetesLease.AcquireAsync(_client, ns, holder, Deadline(environment) + TimeSpan.FromMinutes(1), _log, cancellationToken)).ConfigureAwait(false);

            var workload = objects.Single(o => o is V1Deployment or V1Alpha1Rollout);
            var previous = await ReadTemplateAsync(workload, cancellationToken).ConfigureAwait(false);
            var template = Template(workload);
            var unchanged = previous is not null && Canonical(previous) == Canonical(template);

            await attempt.PhaseAsync("apply", async () =>
            {
                foreach (var item in objects.Where(o => o is not V1Namespace))
                {
                    await ApplyAsync(item, cancellationToken).ConfigureAwait(false);
                    applied.Add($"{item.Kind}/{item.Metadata.Name}");
                }
            }).ConfigureAwait(false);
            _log.Information("Applied {Objects} to {Namespace} (server-side, field manager {FieldManager})", string.Join(", ", applied), ns, KubernetesManifests.FieldManager);

            var rollout = await attempt.PhaseAsync("rollout", () => WaitAsync(workload, Deadline(environment), cancellationToken)).ConfigureAwait(false);
            if (rollout.Failure is null)
            {
                var message = unchanged
                    ? $"'{attempt.Request.Environment}' already runs {environment.Image} in {ns}; applied, nothing changed."
                    : $"'{attempt.Request.Environment}' now serves {environment.Image} in namespace {ns} ({workload.Kind} {workload.Metadata.Name}: {rollout.Status}).";
                _log.Information("{Message}", message);
                return (unchanged ? DeploymentOutcome.Unchanged(message) : DeploymentOutcome.Promoted(message)) with { ImageId = environment.Image, Endpoint = endpoint };
            }

            var logs = await DescribePodsAsync(environment, cancellationToken).ConfigureAwait(false);
            var why = $"The rollout of {environment.Image} to {ns} failed: {rollout.Failure}";
            if (previous is null)
            {
                return DeploymentOutcome.Failed($"{why}. There is no previous revision to roll back to; the failed {workload.Kind} stays for inspection " +
                                                $"(kubectl describe {workload.Kind.ToLowerInvariant()} {workload.Metadata.Name} -n {ns}).") with { Logs = logs, Endpoint = endpoint };
            }

            _log.Warning("{Why}; rolling back to the previous revision", why);
            var back = await attempt.PhaseAsync("rollback", async () =>
            {
                var restore = WithTemplate(workload, previous);
                await ApplyAsync(restore, cancellationToken).ConfigureAwait(false);
                return await WaitAsync(restore, Deadline(environment), cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            var outcome = back.Failure is null
                ? $"{why}. Rolled back to the previous revision ({ImageOf(previous)}), which serves again."
                : $"{why}. The rollback to the previous revision ({ImageOf(previous)}) did not finish either: {back.Failure}. The cluster needs a look: kubectl rollout status {workload.Kind.ToLowerInvariant()}/{workload.Metadata.Name} -n {ns}.";
            return DeploymentOutcome.RolledBack(outcome) with { Logs = logs, Endpoint = endpoint, PreviousImageId = ImageOf(previous) };
        }
        catch (HttpOperationException exception)
        {
            return DeploymentOutcome.Failed(Describe(exception, ns, applied)) with { Cause = exception };
        }
        catch (HttpRequestException exception)
        {
            return DeploymentOutcome.Failed(
                $"Cannot reach the Kubernetes API server at {_server}: {exception.Message}. Check the kubeconfig's server URL, that the cluster is up and that this machine can reach it (VPN, firewall). " +
                (applied.Count == 0 ? "Nothing was applied." : $"Applied before the connection was lost: {string.Join(", ", applied)}.")) with { Cause = exception };
        }
    }

    /// <summary>The gate timeout for pods to become ready, plus the canary's steps and the old pods' drain.</summary>
    private static TimeSpan Deadline(KubernetesEnvironment environment) =>
        environment.GateTimeout + environment.DrainGrace + environment.PreStopDelay +
        (environment.Strategy == DeploymentStrategy.Canary ? environment.StepDuration * environment.CanarySteps.Count(s => s < 100) : TimeSpan.Zero);

    private async Task EnsureNamespaceAsync(V1Namespace wanted, CancellationToken cancellationToken)
    {
        var name = wanted.Metadata.Name;
        bool exists;
        try
        {
            await _client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            exists = true;
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            exists = false;
        }

        try
        {
            await _client.CoreV1.PatchNamespaceAsync(Apply(wanted), name, fieldManager: KubernetesManifests.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            if (!exists)
            {
                throw new DeploymentFailedException(
                    $"Namespace '{name}' does not exist (or cannot be read), and the deploying credentials may not create it (403: {StatusMessage(exception)}). " +
                    $"Ask a cluster admin to create it (kubectl create namespace {name}, labelled pod-security.kubernetes.io/enforce=restricted), or grant create and patch on namespaces. Nothing was applied.");
            }

            _log.Warning("Namespace {Namespace} exists but the deploying credentials may not patch it (its labels stay as the admin set them)", name);
        }
    }

    private async Task ApplyAsync(IKubernetesObject<V1ObjectMeta> item, CancellationToken cancellationToken)
    {
        var ns = item.Metadata.NamespaceProperty;
        var name = item.Metadata.Name;
        const string manager = KubernetesManifests.FieldManager;
        switch (item)
        {
            case V1Deployment deployment:
                await _client.AppsV1.PatchNamespacedDeploymentAsync(Apply(deployment), name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case V1Service service:
                await _client.CoreV1.PatchNamespacedServiceAsync(Apply(service), name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case V1PodDisruptionBudget budget:
                await _client.PolicyV1.PatchNamespacedPodDisruptionBudgetAsync(Apply(budget), name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case V2HorizontalPodAutoscaler autoscaler:
                await _client.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(Apply(autoscaler), name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case V1NetworkPolicy policy:
                await _client.NetworkingV1.PatchNamespacedNetworkPolicyAsync(Apply(policy), name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case V1Alpha1Rollout rollout:
                await _client.CustomObjects.PatchNamespacedCustomObjectAsync(Apply(rollout), V1Alpha1Rollout.KubeGroup, V1Alpha1Rollout.KubeApiVersion, ns, V1Alpha1Rollout.KubePluralName, name,
                    fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case V1Alpha1AnalysisTemplate template:
                await _client.CustomObjects.PatchNamespacedCustomObjectAsync(Apply(template), V1Alpha1AnalysisTemplate.KubeGroup, V1Alpha1AnalysisTemplate.KubeApiVersion, ns, V1Alpha1AnalysisTemplate.KubePluralName, name,
                    fieldManager: manager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"No apply for {item.Kind}.");
        }
    }

    private static V1Patch Apply(object item) => new(KubernetesJson.Serialize(item), V1Patch.PatchType.ApplyPatch);

    /// <summary>The pod template the cluster runs now, or null before the first deploy.</summary>
    private async Task<V1PodTemplateSpec?> ReadTemplateAsync(IKubernetesObject<V1ObjectMeta> workload, CancellationToken cancellationToken)
    {
        try
        {
            return workload is V1Deployment
                ? (await _client.AppsV1.ReadNamespacedDeploymentAsync(workload.Metadata.Name, workload.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false)).Spec.Template
                : (await ReadRolloutAsync(workload, cancellationToken).ConfigureAwait(false)).Spec.Template;
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<V1Alpha1Rollout> ReadRolloutAsync(IKubernetesObject<V1ObjectMeta> workload, CancellationToken cancellationToken)
    {
        var raw = await _client.CustomObjects.GetNamespacedCustomObjectAsync(V1Alpha1Rollout.KubeGroup, V1Alpha1Rollout.KubeApiVersion, workload.Metadata.NamespaceProperty,
            V1Alpha1Rollout.KubePluralName, workload.Metadata.Name, cancellationToken).ConfigureAwait(false);
        return KubernetesJson.Deserialize<V1Alpha1Rollout>(raw is JsonElement element ? element.GetRawText() : KubernetesJson.Serialize(raw));
    }

    private sealed record RolloutState(string Status, string? Failure);

    /// <summary>
    /// Waits until the workload's controller has rolled the new template out to every replica, or reports why it failed:
    /// a Deployment's Progressing condition at ProgressDeadlineExceeded, a Rollout Degraded or aborted, or the deadline.
    /// </summary>
    private async Task<RolloutState> WaitAsync(IKubernetesObject<V1ObjectMeta> workload, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var name = $"{workload.Kind} {workload.Metadata.NamespaceProperty}/{workload.Metadata.Name}";
        try
        {
            return await Poll.UntilAsync<RolloutState>(async ct =>
        {
            if (workload is V1Deployment)
            {
                var current = await _client.AppsV1.ReadNamespacedDeploymentAsync(workload.Metadata.Name, workload.Metadata.NamespaceProperty, cancellationToken: ct).ConfigureAwait(false);
                var status = current.Status ?? new V1DeploymentStatus();
                var desired = current.Spec.Replicas ?? 1;
                var summary = $"{status.UpdatedReplicas ?? 0} of {desired} updated, {status.AvailableReplicas ?? 0} available, {status.Replicas ?? 0} total";
                var progressing = status.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
                if (progressing is { Status: "False" })
                    return (new RolloutState(summary, $"{name} stopped progressing ({progressing.Reason}: {progressing.Message}); {summary}"), summary);
                var observed = status.ObservedGeneration >= current.Metadata.Generation;
                var done = observed && status.UpdatedReplicas == desired && status.AvailableReplicas == desired && status.Replicas == desired;
                return (done ? new RolloutState(summary, null) : null, summary);
            }

            var rollout = await ReadRolloutAsync(workload, ct).ConfigureAwait(false);
            var phase = rollout.Status?.Phase ?? "(no status yet)";
            var words = $"phase {phase}{(rollout.Status?.Message is { Length: > 0 } m ? $": {m}" : "")}";
            if (rollout.Status?.Abort == true || phase == "Degraded")
                return (new RolloutState(words, $"{name} was aborted ({words}); the Argo Rollouts controller moved the traffic back to the stable pods"), words);
            var caughtUp = rollout.Status?.ObservedGeneration == rollout.Metadata.Generation?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (phase == "Healthy" && caughtUp ? new RolloutState(words, null) : null, words);
        }, PollInterval, deadline, last => new TimeoutException(last), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException timeout)
        {
            return new RolloutState(timeout.Message, $"{name} did not finish within {deadline.TotalSeconds:0} s (last: {timeout.Message})");
        }
    }

    /// <summary>The newest pods' events and last log lines, for the failure message (best effort).</summary>
    private async Task<string?> DescribePodsAsync(KubernetesEnvironment environment, CancellationToken cancellationToken)
    {
        var ns = environment.ResolvedNamespace;
        var text = new StringBuilder();
        try
        {
            var selector = string.Join(",", KubernetesManifests.Selector(environment).Select(p => $"{p.Key}={p.Value}"));
            var pods = await _client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var pod in pods.Items.OrderByDescending(p => p.Metadata.CreationTimestamp).Take(3))
            {
                var podName = pod.Metadata.Name;
                text.Append("[pod ").Append(podName).Append("]\n");
                var events = await _client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: $"involvedObject.kind=Pod,involvedObject.name={podName}", cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var item in events.Items.TakeLast(10))
                {
                    text.Append("  event ").Append(item.Type).Append(' ').Append(item.Reason).Append(": ").Append(item.Message).Append('\n');
                }

                try
                {
                    await using var log = await _client.CoreV1.ReadNamespacedPodLogAsync(podName, ns, container: "service", tailLines: 30, cancellationToken: cancellationToken).ConfigureAwait(false);
                    using var reader = new StreamReader(log);
                    foreach (var line in (await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        text.Append("  log ").Append(Tooling.SecretRedactor.Redact(line)).Append('\n');
                    }
                }
                catch (HttpOperationException exception)
                {
                    text.Append("  (no logs: ").Append(StatusMessage(exception)).Append(")\n");
                }
            }
        }
        catch (Exception exception) when (exception is HttpOperationException or HttpRequestException)
        {
            text.Append("(could not read the pods: ").Append(exception.Message).Append(")\n");
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static V1PodTemplateSpec Template(IKubernetesObject<V1ObjectMeta> workload) =>
        workload is V1Deployment deployment ? deployment.Spec.Template : ((V1Alpha1Rollout)workload).Spec.Template;

    private static IKubernetesObject<V1ObjectMeta> WithTemplate(IKubernetesObject<V1ObjectMeta> workload, V1PodTemplateSpec template)
    {
        if (workload is V1Deployment)
        {
            var deployment = KubernetesJson.Deserialize<V1Deployment>(KubernetesJson.Serialize(workload));
            deployment.Spec.Template = template;
            return deployment;
        }

        var rollout = KubernetesJson.Deserialize<V1Alpha1Rollout>(KubernetesJson.Serialize(workload));
        rollout.Spec.Template = template;
        return rollout;
    }

    private static string Canonical(V1PodTemplateSpec template) => KubernetesJson.Serialize(new { template.Metadata?.Annotations, template.Spec?.Containers?.FirstOrDefault()?.Image });

    private static string ImageOf(V1PodTemplateSpec template) => template.Spec?.Containers?.FirstOrDefault()?.Image ?? "(unknown image)";

    private static string StatusMessage(HttpOperationException exception)
    {
        try
        {
            return JsonDocument.Parse(exception.Response.Content).RootElement.GetProperty("message").GetString() ?? exception.Message;
        }
        catch (Exception inner) when (inner is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentNullException)
        {
            return exception.Response.Content is { Length: > 0 } content ? content.Trim() : exception.Message;
        }
    }

    private string Describe(HttpOperationException exception, string ns, IReadOnlyList<string> applied)
    {
        var done = applied.Count == 0 ? "Nothing was applied." : $"Applied before the failure: {string.Join(", ", applied)}; the rest was not.";
        var request = $"{exception.Request?.Method} {exception.Request?.RequestUri?.AbsolutePath}";
        return exception.Response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => $"The API server at {_server} refused the credentials (401 on {request}): renew the token or client certificate in the kubeconfig. {done}",
            HttpStatusCode.Forbidden => $"The deploying credentials are forbidden (403) {request}: {StatusMessage(exception)}. Grant them, in namespace {ns}, get/create/patch on deployments (apps), " +
                                         "services, poddisruptionbudgets (policy), horizontalpodautoscalers (autoscaling), networkpolicies (networking.k8s.io), rollouts and analysistemplates (argoproj.io), " +
                                         $"list on pods, events and pods/log, and get/create/update/delete on leases (coordination.k8s.io). {done}",
            HttpStatusCode.NotFound => $"The API server at {_server} has no {request} (404: {StatusMessage(exception)}). For a canary, install Argo Rollouts' CRDs in the cluster; otherwise check the namespace {ns}. {done}",
            _ => $"The API server at {_server} answered {(int)exception.Response.StatusCode} to {request}: {StatusMessage(exception)}. {done}",
        };
    }
}
