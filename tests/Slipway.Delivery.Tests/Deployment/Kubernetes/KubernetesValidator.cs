using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Slipway.Delivery.Tests.Infrastructure;
using Slipway.Tooling;

namespace Slipway.Delivery.Tests.Deployment.Kubernetes;

/// <summary>
/// The real offline Kubernetes tools, provisioned by the build's TestTools target in tests/kubernetes-validator: the
/// kubernetes-models schemas (validate.mjs), and helm and kubectl from the npm kubectl layer. Every helm and kubectl run
/// gets KUBECONFIG=/dev/null and only offline commands, so nothing ever talks to localhost:8080 (the Slipway edge).
/// </summary>
public sealed class KubernetesValidator
{
    public static string Directory { get; } = Path.Combine(RepositoryLayout.Root, "tests", "kubernetes-validator");

    public static string Helm { get; } = Path.Combine(Directory, "node_modules", ".layer", "helm", "helm");

    public static string Kubectl { get; } = Path.Combine(Directory, "node_modules", ".layer", "kubectl", "kubectl");

    private static readonly IReadOnlyDictionary<string, string?> Offline = new Dictionary<string, string?>
    {
        ["KUBECONFIG"] = "/dev/null",
        ["HELM_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "slipway-helm", "cache"),
        ["HELM_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "slipway-helm", "config"),
        ["HELM_DATA_HOME"] = Path.Combine(Path.GetTempPath(), "slipway-helm", "data"),
    };

    public KubernetesValidator()
    {
        foreach (var tool in new[] { Helm, Kubectl, Path.Combine(Directory, "node_modules", "kubernetes-models") })
        {
            if (!File.Exists(tool) && !System.IO.Directory.Exists(tool))
                throw new InvalidOperationException($"'{tool}' is missing; run ./build.sh TestTools (it runs npm ci in tests/kubernetes-validator and unpacks helm and kubectl).");
        }
    }

    /// <summary>Each object's schema verdict from kubernetes-models: (kind/name, valid, errors).</summary>
    public async Task<IReadOnlyList<(string Object, bool Valid, string Errors)>> ValidateAsync(IEnumerable<object> objects)
    {
        var input = Path.Combine(Path.GetTempPath(), $"slipway-k8s-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(input, "[" + string.Join(",", objects.Select(o => KubernetesJson.Serialize(o))) + "]");
            var result = await ProcessTasks.TryRunAsync("node", ["validate.mjs", input], Directory, logOutput: false);
            var line = result.StandardOutput.LastOrDefault(l => l.StartsWith('{'))
                       ?? throw new InvalidOperationException($"validate.mjs wrote no verdict (exit {result.ExitCode}): {string.Join("\n", result.Output)}");
            return JsonNode.Parse(line)!["results"]!.AsArray()
                .Select(r => ($"{r!["kind"]}/{r["name"]}", r["valid"]!.GetValue<bool>(), string.Join("; ", r["errors"]!.AsArray().Select(e => e!.GetValue<string>()))))
                .ToList();
        }
        finally
        {
            File.Delete(input);
        }
    }

    public Task<ProcessResult> HelmAsync(params string[] arguments) => ProcessTasks.TryRunAsync(Helm, arguments, environment: Offline, logOutput: false);

    public Task<ProcessResult> KustomizeAsync(string directory) => ProcessTasks.TryRunAsync(Kubectl, ["kustomize", directory], environment: Offline, logOutput: false);

    /// <summary>A YAML stream as objects keyed by kind/namespace/name, each as canonical JSON, for object-by-object comparison.</summary>
    public static IReadOnlyDictionary<string, string> Canonical(string yaml)
    {
        var objects = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // helm writes a "# Source:" comment per template and an empty document for a template its condition left out
        var documents = System.Text.RegularExpressions.Regex.Split(yaml, "^---[ \\t]*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Where(d => d.Split('\n').Any(line => line.Trim() is { Length: > 0 } text && !text.StartsWith('#')));
        foreach (var document in KubernetesYaml.LoadAllFromString(string.Join("---\n", documents), Slipway.Delivery.Deployment.Kubernetes.KubernetesManifests.TypeMap, strict: true))
        {
            var node = JsonNode.Parse(KubernetesJson.Serialize(document))!;
            var key = $"{node["kind"]}/{node["metadata"]?["namespace"]}/{node["metadata"]?["name"]}";
            objects[key] = Sorted(node)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }

        return objects;
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
