using Slipway.Build.Definition;
using Slipway.Build.Parameters;
using Slipway.Tooling;

namespace Slipway.Build.Tests.Execution;

public sealed class SecretTests : IDisposable
{
    private const string Password = "s3cr3t-Pa55word";
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task SecretValuesAreRedactedInLogsProcessInvocationsProcessOutputAndTheRunRecord()
    {
        _harness.Environment["REGISTRY_PASSWORD"] = Password;
        var build = new SecretBuild();

        var exitCode = await _harness.RunAsync(build, ["Push"]);

        exitCode.ShouldBe(0);
        build.Seen.ShouldBe(Password);
        _harness.Output.ShouldNotContain(Password);
        _harness.Output.ShouldContain("logging in with [secret]");
        _harness.Output.ShouldContain("echo [secret]");
        _harness.RunJson.ShouldNotContain(Password);
        _harness.RunJson.ShouldContain("\"RegistryPassword\": \"[secret]\"");
    }

    [Fact]
    public async Task AFailedProcessShowsItsExitCodeAndLastLinesRedacted()
    {
        _harness.Environment["REGISTRY_PASSWORD"] = Password;
        var build = new SecretBuild();

        var exitCode = await _harness.RunAsync(build, ["Fail"]);

        exitCode.ShouldBe(1);
        _harness.Output.ShouldContain("exited with code 3");
        _harness.Output.ShouldContain("denied for [secret]");
        _harness.Output.ShouldNotContain(Password);
    }

    public void Dispose() => _harness.Dispose();

    private sealed class SecretBuild : RecordingBuild
    {
        [Parameter("Registry password"), Secret] string? RegistryPassword;

        public string? Seen { get; private set; }

        Target Push => _ => _.Executes(async cancellationToken =>
        {
            Seen = RegistryPassword;
            Serilog.Log.Information("logging in with {Password}", RegistryPassword);
            await ProcessTasks.RunAsync("sh", ["-c", $"echo {RegistryPassword}"], cancellationToken: cancellationToken);
        });

        Target Fail => _ => _.Executes(async cancellationToken =>
            await ProcessTasks.RunAsync("sh", ["-c", $"echo denied for {RegistryPassword}; exit 3"], cancellationToken: cancellationToken));
    }
}
