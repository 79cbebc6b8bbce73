using System.Globalization;
using Docker.DotNet.Models;
using Slipway.Delivery.Analysis;
using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Engine;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>
/// The contract between the edge and mtail, with the real nginx of the edge image: an <c>access_log syslog:…</c> line in
/// <see cref="EdgeMetrics.LogFormat"/> becomes a count Prometheus answers.
/// </summary>
[Collection(MonitoringCollection.Name)]
public sealed class EdgeSyslogTests(MonitoringFixture fixture) : IDisposable
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private readonly string _nginxDirectory = Directory.CreateTempSubdirectory("slipway-edge-syslog-").FullName;

    [Fact]
    public async Task EveryRequestNginxAnswersIsCountedByColourAndCode()
    {
        // Arrange
        await using var scope = new MonitoringScope(fixture);
        var endpoints = await scope.Stack.EnsureAsync(fixture.Image);
        var edgePort = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(_nginxDirectory, "nginx.conf"), NginxConfig(edgePort, endpoints.EdgeLog.ToString()));
        var nginx = await StartNginxAsync(scope.App);
        var edge = new Uri($"http://127.0.0.1:{edgePort}/");
        await Eventually.UntilAsync(async () => await AnswersAsync(new Uri(edge, "ok")), "nginx to answer", TimeSpan.FromSeconds(60));

        try
        {
            // Act
            for (var i = 0; i < 4; i++)
                await Http.GetAsync(new Uri(edge, "ok"));
            await Http.GetAsync(new Uri(edge, "fail"));

            // Assert: the readiness probes above count too, so the 200s are at least 4
            await Eventually.UntilAsync(async () => await scope.Prometheus.QueryScalarAsync($"{EdgeMetrics.Requests}{{colour=\"blue\",code=\"500\"}}") == 1,
                "Prometheus to count the 500 nginx answered", TimeSpan.FromSeconds(120));
            (await scope.Prometheus.QueryScalarAsync($"{EdgeMetrics.Requests}{{colour=\"blue\",code=\"200\"}}")).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(4);
            (await scope.Prometheus.QueryScalarAsync($"{EdgeMetrics.Duration}_count{{colour=\"blue\"}}"))
                .ShouldBe(await scope.Prometheus.QueryScalarAsync($"sum({EdgeMetrics.Requests}{{colour=\"blue\"}})"));
        }
        finally
        {
            await LabelledResources.RemoveOneAsync(fixture.Client, new DockerResource(DockerResourceKind.Container, nginx, nginx), CancellationToken.None);
        }
    }

    public void Dispose() => new Cleanup().DeleteDirectory(_nginxDirectory);

    /// <summary>The edge's metric logging as the deployer writes it: syslog over UDP, no hostname, the tag, escape=none and the format's newline.</summary>
    private static string NginxConfig(int port, string edgeLog) => string.Create(CultureInfo.InvariantCulture, $$"""
        worker_processes 1;
        pid /tmp/slipway-edge-syslog-test.pid;
        error_log stderr notice;
        events {
            worker_connections 64;
        }
        http {
            access_log off;
            log_format slipway_metrics escape=none '{{EdgeMetrics.LogFormat}}';
            {{Slipway.Delivery.Deployment.Edge.NginxConfig.StatusMap}}
            map $host $slipway_colour {
                default "blue";
            }
            server {
                listen 127.0.0.1:{{port}};
                access_log syslog:server={{edgeLog}},nohostname,tag={{EdgeMetrics.SyslogTag}} slipway_metrics;
                location /ok {
                    return 200 "ok";
                }
                location /fail {
                    return 500 "failed";
                }
            }
        }

        """);

    private async Task<string> StartNginxAsync(string app)
    {
        var name = UniqueName.Create("edge-syslog");
        await fixture.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = await fixture.EdgeImageAsync(),
            Entrypoint = ["nginx"],
            Cmd = ["-c", "/etc/slipway-test/nginx.conf", "-g", "daemon off;"],
            Labels = TestRun.LabelsWith(new Dictionary<string, string> { [ContainerLabels.App] = app }),
            HostConfig = new HostConfig { NetworkMode = "host", Binds = [$"{_nginxDirectory}:/etc/slipway-test:ro"] },
        });
        await fixture.Client.Containers.StartContainerAsync(name, new ContainerStartParameters());
        return name;
    }

    private static async Task<bool> AnswersAsync(Uri uri)
    {
        try
        {
            using var response = await Http.GetAsync(uri);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
