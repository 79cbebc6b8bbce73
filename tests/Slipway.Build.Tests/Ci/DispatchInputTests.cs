using Slipway.Build.Ci;
using Slipway.Build.Definition;
using Slipway.Build.Execution;
using Slipway.Build.Parameters;
using Slipway.Build.Tests.Ci.Builds;

namespace Slipway.Build.Tests.Ci;

/// <summary>How the values a workflow hands to the build through the environment arrive.</summary>
public sealed class DispatchInputTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task AnInputLeftEmptyKeepsTheParametersDefault()
    {
        // GitHub sets `CONFIGURATION: ${{ inputs.Configuration }}` to an empty string when the input was not given.
        _harness.Environment["CONFIGURATION"] = string.Empty;
        var build = new InputBuild();

        var exitCode = await _harness.RunAsync(build, ["Show"]);

        exitCode.ShouldBe(0);
        build.Seen.ShouldBe("Debug");
    }

    [Fact]
    public async Task AGivenInputSetsTheParameter()
    {
        _harness.Environment["CONFIGURATION"] = "Release";
        var build = new InputBuild();

        await _harness.RunAsync(build, ["Show"]);

        build.Seen.ShouldBe("Release");
    }

    [Fact]
    public void ASecretNamedGithubTokenIsReadFromTheWorkflowsOwnTokenButOtherGithubPrefixesAreRejected()
    {
        var error = Should.Throw<BuildUsageException>(() => CiGeneration.Render(new TokenBuild()));

        error.Message.ShouldContain("ImportSecrets names 'GithubApiKey', read from secrets.GITHUB_API_KEY, but GitHub reserves the GITHUB_ prefix");
        error.Message.ShouldNotContain("'GithubToken'");
    }

    public void Dispose() => _harness.Dispose();

    private sealed class InputBuild : RecordingBuild
    {
        [Parameter("Build configuration")] string Configuration = "Debug";

        public string? Seen { get; private set; }

        Target Show => _ => _.Executes(() => Seen = Configuration);
    }
}
