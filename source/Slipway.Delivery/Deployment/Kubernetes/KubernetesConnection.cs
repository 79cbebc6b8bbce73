using k8s;
using k8s.Exceptions;

namespace Slipway.Delivery.Deployment.Kubernetes;

/// <summary>
/// Where the cluster's credentials come from, in order: an explicit kubeconfig, the <c>KUBECONFIG</c> variable, the
/// in-cluster service account. Never <c>KubernetesClientConfiguration.BuildDefaultConfig()</c>: with nothing configured it
/// falls back to <c>http://localhost:8080</c>, which on a Slipway machine is the edge, not an API server.
/// </summary>
public sealed record KubernetesConnection(KubernetesClientConfiguration Configuration, string Source)
{
    public string Server => Configuration.Host;

    /// <summary>The connection to apply with, or null when none is configured (Deploy then renders only).</summary>
    /// <param name="kubeconfig">The <c>--kubeconfig</c> parameter.</param>
    /// <param name="context">The <c>--kube-context</c> parameter; null: the kubeconfig's current context.</param>
    /// <param name="environment">Reads environment variables (<c>KUBECONFIG</c>, and the in-cluster service host).</param>
    public static KubernetesConnection? Resolve(string? kubeconfig, string? context, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(kubeconfig))
            return FromFile(kubeconfig, context, "--kubeconfig");
        if (environment("KUBECONFIG") is { Length: > 0 } variable)
        {
            // kubectl merges a list; Slipway takes the first file, and says so
            var first = variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (first is not null)
                return FromFile(first, context, "KUBECONFIG");
        }

        if (environment("KUBERNETES_SERVICE_HOST") is { Length: > 0 } && KubernetesClientConfiguration.IsInCluster())
            return new KubernetesConnection(KubernetesClientConfiguration.InClusterConfig(), "in-cluster service account");
        return null;
    }

    private static KubernetesConnection FromFile(string path, string? context, string source)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new DeployRequestException([$"The kubeconfig '{full}' (from {source}) does not exist. Pass the path of a kubeconfig file, e.g. --kubeconfig ~/.kube/config."]);
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(full, currentContext: context);
        }
        catch (Exception exception) when (exception is KubeConfigException or YamlDotNet.Core.YamlException or ArgumentException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new DeployRequestException([$"The kubeconfig '{full}' (from {source}) cannot be used: {exception.Message.TrimEnd('.')}. " +
                                              "Check it with 'kubectl config view --kubeconfig <file>': it needs a current context (or --kube-context) naming a cluster with a server and a user."]);
        }

        if (string.IsNullOrWhiteSpace(configuration.Host) || !Uri.TryCreate(configuration.Host, UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http"))
            throw new DeployRequestException([$"The kubeconfig '{full}' (from {source}) names no API server URL for its context ('{configuration.Host}'); set clusters[].cluster.server to https://<api-server>:6443."]);
        return new KubernetesConnection(configuration, $"{source} {full}");
    }
}
