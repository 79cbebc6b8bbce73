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
        upstream.ShouldContain("default \"green\";");
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
}
