using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Slipway.Delivery.Tests.Monitoring;

namespace Slipway.Delivery.Tests.Deployment.Kubernetes;

/// <summary>
/// A local stand-in for a Kubernetes API server (no real one can run here), on 127.0.0.1 over HTTP. It checks what a real one
/// would refuse: server-side apply must be a PATCH with content type application/apply-patch+yaml, fieldManager=slipway and
/// force=true, and a body whose kind and name match the path. It plays a rollout: a Deployment whose image contains
/// "broken" stops progressing (ProgressDeadlineExceeded); any other becomes complete on the next read. Forbidden answers 403
/// to every write of <see cref="ForbiddenResource"/>.
/// </summary>
public sealed class KubernetesApiStandIn : IAsyncDisposable
{
    private readonly HttpStandIn _server;
    private readonly ConcurrentDictionary<string, JsonObject> _objects = new();
    private readonly List<string> _problems = [];
    private int _generation;

    public KubernetesApiStandIn()
    {
        _server = HttpStandIn.Start(Answer);
    }

    public string? ForbiddenResource { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    /// <summary>Requests the stand-in refused because a real API server would have (wrong verb, content type, field manager, body).</summary>
    public IReadOnlyList<string> Problems { get { lock (_problems) return [.. _problems]; } }

    public string Server => $"http://127.0.0.1:{_server.Port}";

    public JsonObject? Object(string path) => _objects.TryGetValue(path, out var item) ? item : null;

    /// <summary>A kubeconfig naming this stand-in, written to <paramref name="path"/>.</summary>
    public string WriteKubeconfig(string path)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: stand-in
              cluster:
                server: {Server}
            users:
            - name: deployer
              user:
                token: stand-in-token
            contexts:
            - name: stand-in
              context:
                cluster: stand-in
                user: deployer
            current-context: stand-in

            """);
        return path;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private StandInAnswer Answer(RecordedRequest request)
    {
        var path = request.Path.Split('?')[0];
        var query = request.Path.Contains('?') ? request.Path[(request.Path.IndexOf('?') + 1)..] : "";
        if (request.Authorization != "Bearer stand-in-token")
            return Status(401, "Unauthorized");
        if (path.TrimEnd('/') == "/version")
            return StandInAnswer.Json("""{"major":"1","minor":"33","gitVersion":"v1.33.0-stand-in"}""");
        if (request.Method != "GET" && ForbiddenResource is { } forbidden && path.Contains($"/{forbidden}", StringComparison.Ordinal))
            return Status(403, $"{forbidden} is forbidden: User \"deployer\" cannot patch resource \"{forbidden}\" in the namespace");

        switch (request.Method)
        {
            case "PATCH":
                return Apply(path, query, request);
            case "POST" when path.EndsWith("/leases", StringComparison.Ordinal):
                var lease = JsonNode.Parse(request.Body)!.AsObject();
                var leasePath = path + "/" + lease["metadata"]!["name"];
                if (!_objects.TryAdd(leasePath, lease))
                    return Status(409, "leases.coordination.k8s.io already exists");
                return StandInAnswer.Json(lease.ToJsonString(), 201);
            case "DELETE":
                return _objects.TryRemove(path, out _) ? StandInAnswer.Json("""{"kind":"Status","status":"Success"}""") : Status(404, "not found");
            case "GET" when path.EndsWith("/pods", StringComparison.Ordinal):
                return StandInAnswer.Json("""{"kind":"PodList","apiVersion":"v1","items":[{"metadata":{"name":"slipway-7d9f-x2","creationTimestamp":"2026-12-02T10:00:00Z"}}]}""");
            case "GET" when path.EndsWith("/events", StringComparison.Ordinal):
                return StandInAnswer.Json("""{"kind":"EventList","apiVersion":"v1","items":[{"metadata":{"name":"e1"},"involvedObject":{},"type":"Warning","reason":"BackOff","message":"Back-off restarting failed container service"}]}""");
            case "GET" when path.EndsWith("/log", StringComparison.Ordinal):
                return new StandInAnswer(200, "text/plain", "Loading model minilm\nmodel load failed: broken weights\n");
            case "GET":
                return Read(path);
            default:
                return Status(405, $"{request.Method} {path} is not served by the stand-in");
        }
    }

    private StandInAnswer Apply(string path, string query, RecordedRequest request)
    {
        var problems = new List<string>();
        if (request.ContentType?.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal) != true)
            problems.Add($"content type '{request.ContentType}' is not application/apply-patch+yaml");
        if (!query.Split('&').Contains("fieldManager=slipway"))
            problems.Add("no fieldManager=slipway");
        if (!query.Split('&').Contains("force=true"))
            problems.Add("no force=true");
        var body = JsonNode.Parse(request.Body)!.AsObject();
        var name = body["metadata"]?["name"]?.GetValue<string>();
        if (name is null || !path.EndsWith("/" + name, StringComparison.Ordinal))
            problems.Add($"body names '{name}', path is {path}");
        var kind = body["kind"]?.GetValue<string>() ?? "";
        var plural = path.Split('/')[^2];
        if (!plural.StartsWith(kind.ToLowerInvariant().TrimEnd('y'), StringComparison.Ordinal))
            problems.Add($"body kind '{kind}' does not match the resource '{plural}'");
        if (problems.Count > 0)
        {
            lock (_problems)
                _problems.Add($"PATCH {path}: {string.Join("; ", problems)}");
            return Status(400, string.Join("; ", problems));
        }

        if (kind == "Deployment")
        {
            body["metadata"]!["generation"] = Interlocked.Increment(ref _generation);
            body["spec"]!["replicas"] = 2;
            body["status"] = new JsonObject { ["observedGeneration"] = 0 };
        }
        else if (kind == "Rollout")
        {
            body["metadata"]!["generation"] = Interlocked.Increment(ref _generation);
            body["status"] = new JsonObject { ["phase"] = "Progressing", ["observedGeneration"] = "0" };
        }

        _objects[path] = body;
        return StandInAnswer.Json(body.ToJsonString());
    }

    private StandInAnswer Read(string path)
    {
        if (!_objects.TryGetValue(path, out var item))
            return Status(404, $"{path.Split('/')[^1]} not found");
        if (item["kind"]?.GetValue<string>() == "Deployment")
        {
            // the controller's next step: a broken image never gets ready, any other rolls out
            var generation = item["metadata"]!["generation"]!.GetValue<int>();
            var image = item["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();
            item["status"] = image.Contains("broken", StringComparison.Ordinal)
                ? new JsonObject
                {
                    ["observedGeneration"] = generation, ["replicas"] = 3, ["updatedReplicas"] = 1, ["availableReplicas"] = 2,
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Progressing", ["status"] = "False", ["reason"] = "ProgressDeadlineExceeded", ["message"] = "ReplicaSet \"slipway-7d9f\" has timed out progressing." }),
                }
                : new JsonObject
                {
                    ["observedGeneration"] = generation, ["replicas"] = 2, ["updatedReplicas"] = 2, ["availableReplicas"] = 2, ["readyReplicas"] = 2,
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Progressing", ["status"] = "True", ["reason"] = "NewReplicaSetAvailable" }),
                };
        }

        else if (item["kind"]?.GetValue<string>() == "Rollout")
        {
            // the Argo Rollouts controller's verdict: a broken canary fails its analysis and is aborted, any other is promoted
            var generation = item["metadata"]!["generation"]!.GetValue<int>();
            var image = item["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();
            item["status"] = image.Contains("broken", StringComparison.Ordinal)
                ? new JsonObject { ["phase"] = "Degraded", ["message"] = "RolloutAborted: Metric \"success-rate\" assessed Failed due to failed (1) > failureLimit (0)", ["abort"] = true, ["observedGeneration"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                : new JsonObject { ["phase"] = "Healthy", ["observedGeneration"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        return StandInAnswer.Json(item.ToJsonString());
    }

    private static StandInAnswer Status(int code, string message) =>
        StandInAnswer.Json(new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = message, ["code"] = code }.ToJsonString(), code);
}
