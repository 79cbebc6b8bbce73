using Slipway.Delivery.Analysis;
using System.Net;
using Slipway.Delivery.Deployment.Edge;

namespace Slipway.Delivery.Tests.Deployment;

public sealed class NginxConfigTests
{
    [Fact]
    public void MainConfigListensOnTheEdgeAddressWithoutClientKeepAliveAndIncludesTheUpstreamFile()
    {
        // Act
        var config = NginxConfig.Main(IPEndPoint.Parse("127.0.0.1:18080"));

        // Assert
        config.ShouldContain("listen 127.0.0.1:18080;");
        config.ShouldContain("keepalive_timeout 0;");
        config.ShouldContain("include /etc/slipway-edge/upstream.conf;");
        config.ShouldContain("proxy_pass http://slipway_backend;");
        config.ShouldContain("add_header X-Slipway-Colour $slipway_colour always;");
    }

    [Fact]
    public void UpstreamKeepsIdleConnectionsForSixtySecondsBelowKestrelsTimeout()
    {
        // Act
        var upstream = NginxConfig.Upstream(EdgeUpstream.Local("green", 18082));

        // Assert
        upstream.ShouldContain("server 127.0.0.1:18082 max_fails=0;");
        upstream.ShouldContain("keepalive_timeout 60s;");
        upstream.ShouldContain("\"~127\\.0\\.0\\.1:18082$\" \"green\";");
    }

    [Fact]
    public void ACanaryStepWeighsTheTwoColoursAndNamesTheColourOfTheUpstreamThatAnswered()
    {
        // Act
        var upstream = NginxConfig.Upstream(EdgeUpstream.Local("blue", 18081).WithCanary("green", ["127.0.0.1:18082"], 10));

        // Assert
        upstream.ShouldContain("server 127.0.0.1:18081 weight=90 max_fails=0;");
        upstream.ShouldContain("server 127.0.0.1:18082 weight=10 max_fails=0; # canary");
        upstream.ShouldContain("map $upstream_addr $slipway_colour {");
        upstream.ShouldContain("default \"none\";");
        var read = EdgeUpstream.Parse(upstream)!;
        read.Colour.ShouldBe("blue");
        read.Servers.ShouldBe(["127.0.0.1:18081"]);
        read.Canary.ShouldBe(new EdgeCanary("green", ["127.0.0.1:18082"], 10), new EdgeCanaryComparer());
        read.Weights.ShouldBe(new Dictionary<string, int> { ["blue"] = 90, ["green"] = 10 });
    }

    [Theory]
    [InlineData(0, "blue")]
    [InlineData(100, "green")]
    public void AShareOfZeroOrAHundredLeavesOneColour(int percent, string colour)
    {
        // Act
        var routed = EdgeUpstream.Local("blue", 18081).WithCanary("green", ["127.0.0.1:18082"], percent);

        // Assert
        routed.Canary.ShouldBeNull();
        routed.Colour.ShouldBe(colour);
        routed.Weights.ShouldBe(new Dictionary<string, int> { [colour] = 100 });
    }

    [Fact]
    public void TheMainConfigurationSendsOneMetricLinePerRequestWhenTheExporterIsGiven()
    {
        // Act
        var main = NginxConfig.Main(System.Net.IPEndPoint.Parse("127.0.0.1:18080"), System.Net.IPEndPoint.Parse("127.0.0.1:19101"));
        var without = NginxConfig.Main(System.Net.IPEndPoint.Parse("127.0.0.1:18080"));

        // Assert
        main.ShouldContain("access_log syslog:server=127.0.0.1:19101,nohostname,tag=slipway_edge slipway_metrics;");
        main.ShouldContain("log_format slipway_metrics escape=none 'colour=$slipway_colour status=$slipway_status time=$request_time\n';");
        without.ShouldNotContain("syslog");
        without.ShouldContain("access_log off;");
        main.ShouldNotContain("access_log off;", Case.Sensitive, "off would cancel the metric lines");
    }

    [Fact]
    public void AnUpstreamFileReadsBackAsTheColourAndServersItWasWrittenFrom()
    {
        // Arrange
        var written = new EdgeUpstream("blue", ["tasks.slipway:8080", "10.0.0.7:8080"]);

        // Act
        var read = EdgeUpstream.Parse(NginxConfig.Upstream(written));

        // Assert
        read.ShouldNotBeNull();
        read.Colour.ShouldBe("blue");
        read.Servers.ShouldBe(["tasks.slipway:8080", "10.0.0.7:8080"]);
        read.LocalPort.ShouldBeNull();
        EdgeUpstream.Parse(NginxConfig.Upstream(EdgeUpstream.Local("green", 9001)))!.LocalPort.ShouldBe(9001);
    }

    [Fact]
    public void AnUpstreamWithoutServersIsRefused()
    {
        // Act
        var failure = Should.Throw<ArgumentException>(() => NginxConfig.Upstream(new EdgeUpstream("blue", [])));

        // Assert
        failure.Message.ShouldContain("colour 'blue' has no servers");
    }

    [Fact]
    public void MainConfigWithAGrpcAddressAddsAnHttp2ListenerPassingToTheGrpcUpstreamWithItsOwnKeepAlive()
    {
        // Act
        var config = NginxConfig.Main(IPEndPoint.Parse("127.0.0.1:18080"), grpcListen: IPEndPoint.Parse("127.0.0.1:18090"));

        // Assert
        config.ShouldContain("listen 127.0.0.1:18090 http2;");
        config.ShouldContain("grpc_pass grpc://slipway_grpc_backend;");
        config.ShouldContain("grpc_next_upstream error timeout http_502 http_503;");
        config.ShouldContain("grpc_read_timeout 300s;");
        config.ShouldContain("keepalive_timeout 300s;", Case.Sensitive, "HTTP/2 clients keep their connection; a reload sends GOAWAY instead");
        config.ShouldContain("keepalive_timeout 0;", Case.Sensitive, "the REST side keeps no client connections, for the zero-failure switch");
        config.ShouldContain("listen 127.0.0.1:18080;");
        var grpcServer = config[config.IndexOf("listen 127.0.0.1:18090", StringComparison.Ordinal)..];
        grpcServer.ShouldContain("add_header X-Slipway-Colour $slipway_colour always;");
    }

    [Fact]
    public void MainConfigWithoutAGrpcAddressIsTheRestEdgeAlone()
    {
        // Act
        var config = NginxConfig.Main(IPEndPoint.Parse("127.0.0.1:18080"), IPEndPoint.Parse("127.0.0.1:19101"));

        // Assert: no gRPC server (the metric line still reads a gRPC status, which REST answers never have)
        config.ShouldNotContain("grpc_pass");
        config.ShouldNotContain("slipway_grpc_backend");
        config.ShouldNotContain("http2");
        config.ShouldContain("proxy_pass http://slipway_backend;");
    }

    [Fact]
    public void TheMetricLineCountsAGrpcCallByTheHttpStatusItsGrpcStatusStandsFor()
    {
        // Act
        var config = NginxConfig.Main(IPEndPoint.Parse("127.0.0.1:18080"), IPEndPoint.Parse("127.0.0.1:19101"), IPEndPoint.Parse("127.0.0.1:18081"));

        // Assert: the status comes from the trailer (or the header of a body-less answer); HTTP answers keep their own status
        config.ShouldContain("map \"$status:$upstream_trailer_grpc_status$upstream_http_grpc_status\" $slipway_status {");
        config.ShouldContain("default $status;");
        config.ShouldContain("\"200:0\" 200;");
        config.ShouldContain("\"200:3\" 400;");
        config.ShouldContain("\"200:14\" 503;");
        config.ShouldContain("\"200:13\" 500;");
        config.ShouldContain("status=$slipway_status");
        EdgeMetrics.GrpcStatusCodes.Keys.Order().ShouldBe(Enumerable.Range(0, 17), "every gRPC status code has an HTTP status");
    }

    [Fact]
    public void ACanaryStepWeighsTheGrpcBackendsLikeTheRestOnesAndReadsBack()
    {
        // Arrange
        var written = EdgeUpstream.Local("blue", 18081, 18082).WithCanary("green", ["127.0.0.1:18083"], 10, ["127.0.0.1:18084"]);

        // Act
        var upstream = NginxConfig.Upstream(written);
        var read = EdgeUpstream.Parse(upstream)!;

        // Assert
        var grpcBlock = upstream[upstream.IndexOf("upstream slipway_grpc_backend {", StringComparison.Ordinal)..];
        grpcBlock.ShouldStartWith("upstream slipway_grpc_backend {\n    server 127.0.0.1:18082 weight=90 max_fails=0;\n    server 127.0.0.1:18084 weight=10 max_fails=0; # canary\n");
        upstream.ShouldContain("server 127.0.0.1:18081 weight=90 max_fails=0;");
        read.Servers.ShouldBe(["127.0.0.1:18081"]);
        read.GrpcServers.ShouldBe(["127.0.0.1:18082"]);
        read.Canary.ShouldBe(new EdgeCanary("green", ["127.0.0.1:18083"], 10) { GrpcServers = ["127.0.0.1:18084"] }, new EdgeCanaryComparer());
        read.RoutesGrpc.ShouldBeTrue();
    }

    [Fact]
    public void TheColourOfAGrpcAnswerIsMappedFromItsBackendLikeARestOne()
    {
        // Act
        var upstream = NginxConfig.Upstream(EdgeUpstream.Local("blue", 18081, 18082).WithCanary("green", ["127.0.0.1:18083"], 50, ["127.0.0.1:18084"]));

        // Assert: the colour header and the metric lines read $slipway_colour
        upstream.ShouldContain("\"~127\\.0\\.0\\.1:18082$\" \"blue\";");
        upstream.ShouldContain("\"~127\\.0\\.0\\.1:18084$\" \"green\";");
        upstream.ShouldContain("\"~127\\.0\\.0\\.1:18081$\" \"blue\";");
    }

    [Fact]
    public void AnUpstreamWithoutGrpcBackendsHasNoGrpcUpstreamAndReadsBackWithout()
    {
        // Act
        var upstream = NginxConfig.Upstream(EdgeUpstream.Local("blue", 18081));
        var read = EdgeUpstream.Parse(upstream)!;

        // Assert
        upstream.ShouldNotContain("slipway_grpc_backend");
        read.GrpcServers.ShouldBeEmpty();
        read.RoutesGrpc.ShouldBeFalse();
    }

    [Fact]
    public void AllTrafficToACandidateTakesItsGrpcBackendsAlong()
    {
        // Act
        var routed = EdgeUpstream.Local("blue", 18081, 18082).WithCanary("green", ["127.0.0.1:18083"], 100, ["127.0.0.1:18084"]);

        // Assert
        routed.Colour.ShouldBe("green");
        routed.GrpcServers.ShouldBe(["127.0.0.1:18084"]);
        routed.Canary.ShouldBeNull();
    }

    [Fact]
    public void ACandidateWithoutGrpcBesideAStableColourWithItLeavesTheGrpcCallsOnTheStableColour()
    {
        // Act
        var upstream = NginxConfig.Upstream(EdgeUpstream.Local("blue", 18081, 18082).WithCanary("green", ["127.0.0.1:18083"], 10));

        // Assert
        var grpcBlock = upstream[upstream.IndexOf("upstream slipway_grpc_backend {", StringComparison.Ordinal)..upstream.IndexOf("map ", StringComparison.Ordinal)];
        grpcBlock.ShouldContain("server 127.0.0.1:18082");
        grpcBlock.ShouldNotContain("18083");
    }
}

/// <summary>Compares canaries by value (records compare their server lists by reference).</summary>
internal sealed class EdgeCanaryComparer : IEqualityComparer<EdgeCanary>
{
    public bool Equals(EdgeCanary? x, EdgeCanary? y) =>
        x is not null && y is not null && x.Colour == y.Colour && x.Percent == y.Percent && x.Servers.SequenceEqual(y.Servers) && x.GrpcServers.SequenceEqual(y.GrpcServers);

    public int GetHashCode(EdgeCanary obj) => obj.Colour.GetHashCode(StringComparison.Ordinal);
}
