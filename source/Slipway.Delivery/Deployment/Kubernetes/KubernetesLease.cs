using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Serilog;

namespace Slipway.Delivery.Deployment.Kubernetes;

/// <summary>
/// The deploy lock on the cluster: a <c>coordination.k8s.io/v1</c> Lease in the environment's namespace. The local file lock
/// only stops deploys from one machine; two CI runners meet here. Created to take it (409: someone holds it), deleted to
/// release it; a lease older than its duration (a runner that died) is taken over by replacing it at its resourceVersion,
/// so two takers cannot both win.
/// </summary>
internal sealed class KubernetesLease : IAsyncDisposable
{
    public const string Name = "slipway-deploy";

    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly ILogger _log;

    private KubernetesLease(IKubernetes client, string ns, string holder, ILogger log)
    {
        _client = client;
        _namespace = ns;
        Holder = holder;
        _log = log;
    }

    public string Holder { get; }

    public static async Task<KubernetesLease> AcquireAsync(IKubernetes client, string ns, string holder, TimeSpan duration, ILogger log, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = V1Lease.KubeKind,
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = KubernetesManifests.FieldManager } },
            Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = KubernetesEnvironment.Seconds(duration), AcquireTime = now, RenewTime = now },
        };
        try
        {
            await client.CoordinationV1.CreateNamespacedLeaseAsync(lease, ns, fieldManager: KubernetesManifests.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new KubernetesLease(client, ns, holder, log);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var held = await client.CoordinationV1.ReadNamespacedLeaseAsync(Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            var renewed = held.Spec?.RenewTime ?? held.Spec?.AcquireTime ?? held.Metadata.CreationTimestamp ?? DateTime.MinValue;
            var expires = renewed.ToUniversalTime().AddSeconds(held.Spec?.LeaseDurationSeconds ?? 0);
            if (expires > now)
            {
                throw new DeploymentFailedException(
                    $"Namespace '{ns}' is locked by another deploy: {held.Spec?.HolderIdentity ?? "an unnamed holder"}, until {expires:u} (Lease {ns}/{Name}). " +
                    "Wait for it to finish. If that deploy died, the lease expires by itself at that time; to free it sooner, " +
                    $"delete it: kubectl delete lease {Name} -n {ns}.");
            }

            log.Warning("Taking over the expired deploy lease {Namespace}/{Lease} of {Holder} (expired {Expired:u})", ns, Name, held.Spec?.HolderIdentity, expires);
            lease.Metadata.ResourceVersion = held.Metadata.ResourceVersion;
            // a replace at the read resourceVersion: if another runner took it meanwhile, this is a 409 and that runner holds it
            try
            {
                await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, Name, ns, fieldManager: KubernetesManifests.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException race) when (race.Response.StatusCode == HttpStatusCode.Conflict)
            {
                throw new DeploymentFailedException($"Namespace '{ns}' was just locked by another deploy taking over the expired lease {ns}/{Name}; wait for it to finish.");
            }

            return new KubernetesLease(client, ns, holder, log);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.CoordinationV1.DeleteNamespacedLeaseAsync(Name, _namespace).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpOperationException or HttpRequestException)
        {
            _log.Warning("Could not release the deploy lease {Namespace}/{Lease}: {Error}; it expires by itself", _namespace, Name, exception.Message);
        }
    }
}
