using Slipway.Delivery.Deployment;
using Slipway.Delivery.Monitoring;
using Slipway.Delivery.Tests.Infrastructure;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>The files the stack writes, checked by the tools that will read them (promtool, amtool, mtail of the monitoring image).</summary>
[Collection(MonitoringCollection.Name)]
public sealed class GeneratedConfigurationTests(MonitoringFixture fixture) : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("slipway-monitoring-config-").FullName;

    [Fact]
    public async Task PromtoolAcceptsThePrometheusConfigurationWithACredential()
    {
        // Arrange
        var directory = await WriteAsync(new MonitoringOptions { MetricsCredential = "sk-0123456789", AlertWebhook = new Uri("http://127.0.0.1:5001/alerts") });

        // Act
        var (exitCode, output) = await RunAsync(directory, "promtool", "check", "config", MonitoringFiles.InContainer(MonitoringFiles.PrometheusFile));

        // Assert
        exitCode.ShouldBe(0, output);
        output.ShouldContain("SUCCESS");
        output.ShouldNotContain("sk-0123456789");
    }

    [Fact]
    public async Task PromtoolAcceptsTheAlertRules()
    {
        // Arrange
        var directory = await WriteAsync(new MonitoringOptions());

        // Act
        var (exitCode, output) = await RunAsync(directory, "promtool", "check", "rules", MonitoringFiles.InContainer(MonitoringFiles.RulesFile));

        // Assert
        exitCode.ShouldBe(0, output);
        output.ShouldContain("SUCCESS: 6 rules found");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:5001/alerts")]
    public async Task AmtoolAcceptsTheAlertmanagerConfiguration(string? webhook)
    {
        // Arrange
        var directory = await WriteAsync(new MonitoringOptions { AlertWebhook = webhook is null ? null : new Uri(webhook) });

        // Act
        var (exitCode, output) = await RunAsync(directory, "amtool", "check-config", MonitoringFiles.InContainer(MonitoringFiles.AlertmanagerFile));

        // Assert
        exitCode.ShouldBe(0, output);
        output.ShouldContain("SUCCESS");
    }

    [Fact]
    public async Task MtailCompilesTheProgram()
    {
        // Arrange
        var directory = await WriteAsync(new MonitoringOptions());

        // Act
        var (exitCode, output) = await RunAsync(directory, "mtail", ["--compile_only", "--progs", MonitoringFiles.InContainer(MonitoringFiles.MtailDirectory), "--logtostderr", .. MtailRun.LoopbackOnly]);

        // Assert
        exitCode.ShouldBe(0, output);
    }

    public void Dispose() => new Cleanup().DeleteDirectory(_state);

    private async Task<string> WriteAsync(MonitoringOptions options)
    {
        var request = new DeployRequest { App = "check", Environment = "config", EdgeAddress = "127.0.0.1:8080", StateDirectory = _state, Monitoring = options };
        var stack = new MonitoringStack(fixture.Client, request, TestLog.Silent);
        await stack.WriteConfigurationAsync(CancellationToken.None);
        return stack.ConfigDirectory;
    }

    private Task<(long ExitCode, string Output)> RunAsync(string directory, string tool, params string[] arguments) =>
        MonitoringTools.RunAsync(fixture.Client, fixture.Image, directory, MonitoringFiles.ContainerDirectory, tool, arguments);
}
