using Docker.DotNet;

namespace Slipway.Delivery.Tests.Deployment;

/// <summary>
/// A stand-in inference service made of nginx answering fixed Open Inference Protocol documents for model "m":
/// used for the failure modes the real service cannot be made to show (wrong output shape) and for fast switch tests.
/// It listens where ASPNETCORE_URLS says and reports its <c>version</c> in every output value.
/// </summary>
public sealed record FakeServiceImage
{
    public const string Model = "m";

    public required string Tag { get; init; }

    public int Version { get; init; } = 1;

    /// <summary>Output shape the infer answer claims; the metadata says [-1, 2].</summary>
    public int OutputWidth { get; init; } = 2;

    /// <summary>null: a HEALTHCHECK that asks /v2/health/ready; otherwise the HEALTHCHECK command.</summary>
    public string? HealthCommand { get; init; }

    /// <summary>false: readiness answers 503 for ever (a candidate that never gets ready, for failures during the gates).</summary>
    public bool Ready { get; init; } = true;

    /// <summary>Replaces the start script (e.g. a crash on start).</summary>
    public string? StartScript { get; init; }

    /// <summary>
    /// Share (percent) of the infer requests that come through the edge (they carry X-Forwarded-For) answered with 500: a
    /// version that passes every gate, asked directly, and fails real traffic.
    /// </summary>
    public int EdgeFailurePercent { get; init; }

    /// <summary>Added to every infer answer (nginx's echo module sleeps before answering).</summary>
    public TimeSpan ExtraLatency { get; init; }

    /// <summary>
    /// While this file exists in the container, every infer request through the edge is answered with 500 (a version that
    /// goes bad after its gates: the test creates the file with docker exec).
    /// </summary>
    public const string FaultFile = "/tmp/slipway-fault";

    public Task<string> BuildAsync(IDockerClient docker, string fromImage) =>
        TestImageBuilder.BuildAsync(docker, Tag, new Dictionary<string, string>
        {
            ["Dockerfile"] = Dockerfile(fromImage),
            ["nginx.conf.template"] = NginxTemplate(),
            ["start.sh"] = StartScript ?? DefaultStart,
        });

    private const string DefaultStart = """
        #!/bin/sh
        url="${ASPNETCORE_URLS#*://}"
        host="${url%:*}"
        port="${url##*:}"
        # 0.0.0.0 in a Swarm task's own network namespace; the engine backend's host networking names 127.0.0.1
        sed "s/__LISTEN__/$host:$port/" /srv/nginx.conf.template > /tmp/service.conf
        exec nginx -c /tmp/service.conf -g 'daemon off;'
        """;

    private string Dockerfile(string fromImage)
    {
        var health = HealthCommand is null
            ? """HEALTHCHECK --interval=1s --timeout=2s --start-period=30s --retries=3 CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_URLS##*:} && printf 'GET /v2/health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -c 12 <&3 | grep -q 200"]"""
            : $"HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD {HealthCommand}";
        return $"""
            FROM {fromImage}
            COPY nginx.conf.template start.sh /srv/
            {health}
            STOPSIGNAL SIGQUIT
            ENTRYPOINT []
            CMD ["/bin/sh", "/srv/start.sh"]
            """;
    }

    private string NginxTemplate()
    {
        var data = string.Join(",", Enumerable.Repeat(Version.ToString(System.Globalization.CultureInfo.InvariantCulture), OutputWidth));
        var metadata = """{"name":"m","versions":["1"],"platform":"fake","inputs":[{"name":"x","datatype":"FP32","shape":[-1,2]}],"outputs":[{"name":"y","datatype":"FP32","shape":[-1,2]}]}""";
        var infer = $$"""{"model_name":"m","model_version":"1","id":"slipway-smoke","outputs":[{"name":"y","datatype":"FP32","shape":[1,{{OutputWidth}}],"data":[{{data}}]}]}""";
        var share = EdgeFailurePercent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var faults = EdgeFailurePercent > 0 ? $$"""split_clients "${request_id}" $slipway_fault { {{share}}% 1; * 0; }""" : "map $host $slipway_fault { default 0; }";
        var answer = ExtraLatency > TimeSpan.Zero
            ? $"echo_sleep {ExtraLatency.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}; echo '{infer}';"
            : $"return 200 '{infer}';";
        return $$"""
            load_module modules/ngx_http_echo_module.so;
            worker_processes 1;
            pid /tmp/service.pid;
            error_log stderr notice;
            events { worker_connections 1024; }
            http {
                access_log off;
                keepalive_timeout 130s;
                map $http_x_forwarded_for $slipway_via_edge { "" 0; default 1; }
                {{faults}}
                server {
                    listen __LISTEN__;
                    default_type application/json;
                    location = /v2/health/ready { return {{(Ready ? "200 '{\"ready\":true}'" : "503 '{\"ready\":false}'")}}; }
                    location = /v2/health/live { return 200 '{"live":true}'; }
                    location ~ ^/v2/models/m(/versions/1)?$ { return 200 '{{metadata}}'; }
                    location ~ ^/v2/models/m(/versions/1)?/infer$ {
                        set $slipway_fail "${slipway_via_edge}${slipway_fault}";
                        if (-f {{FaultFile}}) { set $slipway_fail "${slipway_via_edge}1"; }
                        if ($slipway_fail = "11") { return 500 '{"error":"injected fault"}'; }
                        {{answer}}
                    }
                    location / { return 404 '{"error":"not found"}'; }
                }
            }
            """;
    }
}
