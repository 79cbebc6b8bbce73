using Slipway.Serving.Hosting;

namespace Slipway.Serving.Tests.Hosting;

public sealed class HealthCheckCommandTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9123", "http://127.0.0.1:9123/v2/health/ready")]
    [InlineData("http://+:9124", "http://127.0.0.1:9124/v2/health/ready")]
    [InlineData("http://*:9125;https://*:9443", "http://127.0.0.1:9125/v2/health/ready")]
    [InlineData("https://*:9443;http://0.0.0.0:9126", "http://127.0.0.1:9126/v2/health/ready")]
    [InlineData("http://localhost:9127/", "http://127.0.0.1:9127/v2/health/ready")]
    [InlineData("http://[::]:9128", "http://127.0.0.1:9128/v2/health/ready")]
    [InlineData("http://10.0.0.5", "http://10.0.0.5/v2/health/ready")]
    public void UrlsDecideTheAddressAndWildcardsMeanLoopback(string urls, string expected)
    {
        // Act
        var uri = HealthCheckCommand.ResolveReadinessUri(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = urls });

        // Assert
        uri.ToString().ShouldBe(expected);
    }

    [Fact]
    public void AspNetCoreHttpPortsIsUsedWhenUrlsIsUnset()
    {
        // Act
        var uri = HealthCheckCommand.ResolveReadinessUri(new Dictionary<string, string?> { ["ASPNETCORE_HTTP_PORTS"] = "9200;9201", ["HTTP_PORTS"] = "9300" });

        // Assert
        uri.ToString().ShouldBe("http://127.0.0.1:9200/v2/health/ready");
    }

    [Fact]
    public void HttpPortsIsUsedWhenNothingElseIsSet()
    {
        // Act
        var uri = HealthCheckCommand.ResolveReadinessUri(new Dictionary<string, string?> { ["HTTP_PORTS"] = "9300" });

        // Assert
        uri.ToString().ShouldBe("http://127.0.0.1:9300/v2/health/ready");
    }

    [Fact]
    public void DefaultPortIs8080()
    {
        // Act
        var uri = HealthCheckCommand.ResolveReadinessUri(new Dictionary<string, string?>());

        // Assert
        uri.ToString().ShouldBe("http://127.0.0.1:8080/v2/health/ready");
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS", "https://*:9443", "has no http:// address")]
    [InlineData("ASPNETCORE_URLS", "http://*:99999", "which is not 1..65535")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "eighty", "HTTP port 'eighty' is not 1..65535")]
    public async Task UnusableAddressReportsUnhealthyWithTheReason(string key, string value, string message)
    {
        // Arrange
        var output = new StringWriter();

        // Act
        var exitCode = await HealthCheckCommand.RunAsync(new Dictionary<string, string?> { [key] = value }, output, TimeSpan.FromSeconds(1));

        // Assert
        exitCode.ShouldBe(1);
        output.ToString().ShouldContain(message);
    }

    [Theory]
    [InlineData(new[] { "healthcheck" }, true)]
    [InlineData(new[] { "HEALTHCHECK" }, true)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:1" }, false)]
    [InlineData(new string[0], false)]
    public void HealthcheckModeIsTheFirstArgument(string[] args, bool expected) =>
        HealthCheckCommand.IsRequested(args).ShouldBe(expected);
}
