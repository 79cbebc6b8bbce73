using Slipway.Build.Definition;
using Slipway.Build.Hosting;
using Slipway.Build.Parameters;

namespace Slipway.Build.Tests.Hosting;

/// <summary>The build as GitLab CI (GITLAB_CI=true) and Jenkins (JENKINS_URL, BUILD_URL) see it: sections, run URL, secrets.</summary>
public sealed class CiHostTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    // Secrets are registered process-wide, so every test uses a value no other test has seen.
    private readonly string _secret = "key-" + Guid.NewGuid().ToString("N");

    private string[] Lines => _harness.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    [Fact]
    public async Task OnGitLabEveryTargetRunsInsideItsOwnCollapsedSection()
    {
        _harness.Environment["GITLAB_CI"] = "true";

        var exitCode = await _harness.RunAsync(new CiBuild(), ["Deploy"]);

        exitCode.ShouldBe(0);
        var markers = Lines.Where(l => l.StartsWith("\e[0Ksection_", StringComparison.Ordinal)).ToList();
        markers.Count.ShouldBe(4);
        markers[0].ShouldMatch(@"^\e\[0Ksection_start:\d{10}:target_Compile\[collapsed=true\]\r\e\[0KCompile$");
        markers[1].ShouldMatch(@"^\e\[0Ksection_end:\d{10}:target_Compile\r\e\[0K$");
        markers[2].ShouldStartWith("\e[0Ksection_start:");
        markers[2].ShouldEndWith(":target_Deploy[collapsed=true]\r\e[0KDeploy");
        var deployLog = Array.FindIndex(Lines, l => l.Contains("calling the API", StringComparison.Ordinal));
        deployLog.ShouldBeGreaterThan(Array.IndexOf(Lines, markers[2]));
        deployLog.ShouldBeLessThan(Array.IndexOf(Lines, markers[3]));
    }

    [Fact]
    public async Task OnGitLabParallelTargetsAreNotSectioned()
    {
        _harness.Environment["GITLAB_CI"] = "true";

        await _harness.RunAsync(new CiBuild(), ["Deploy", "--parallel", "2"]);

        _harness.Output.ShouldNotContain("section_start");
    }

    [Theory]
    [InlineData("GITLAB_CI", "true", "CI_JOB_URL", "https://gitlab.example.org/group/slipway/-/jobs/42", "gitlab-ci")]
    [InlineData("JENKINS_URL", "https://jenkins.example.org/", "BUILD_URL", "https://jenkins.example.org/job/slipway/7/", "jenkins")]
    [InlineData("GITHUB_ACTIONS", "true", "GITHUB_RUN_ID", "123", "github-actions")]
    public async Task TheRunRecordNamesTheHostAndTheCiRunsPage(string detect, string detectValue, string urlVariable, string urlValue, string host)
    {
        _harness.Environment[detect] = detectValue;
        _harness.Environment[urlVariable] = urlValue;
        _harness.Environment["GITHUB_REPOSITORY"] = "owner/slipway";

        await _harness.RunAsync(new CiBuild(), ["Compile"]);

        var invocation = System.Text.Json.JsonDocument.Parse(_harness.RunJson).RootElement.GetProperty("invocation");
        invocation.GetProperty("host").GetString().ShouldBe(host);
        invocation.GetProperty("runUrl").GetString().ShouldBe(host == "github-actions" ? "https://github.com/owner/slipway/actions/runs/123" : urlValue);
    }

    [Fact]
    public async Task JenkinsIsDetectedByItsBuildUrlAlone()
    {
        _harness.Environment["BUILD_URL"] = "https://jenkins.example.org/job/slipway/8/";

        await _harness.RunAsync(new CiBuild(), ["Compile"]);

        _harness.RunJson.ShouldContain("\"host\": \"jenkins\"");
    }

    [Fact]
    public async Task OffCiTheRunRecordHasNoRunUrl()
    {
        _harness.Environment["CI_JOB_URL"] = "https://gitlab.example.org/group/slipway/-/jobs/42";

        await _harness.RunAsync(new CiBuild(), ["Compile"]);

        _harness.RunJson.ShouldContain("\"runUrl\": null");
    }

    [Theory]
    [InlineData("GITLAB_CI", "true")]
    [InlineData("JENKINS_URL", "https://jenkins.example.org/")]
    public async Task SecretParametersNeverReachTheLogOrTheRunRecord(string detect, string value)
    {
        _harness.Environment[detect] = value;
        _harness.Environment["API_KEY"] = _secret;

        var exitCode = await _harness.RunAsync(new CiBuild(), ["Deploy"]);

        exitCode.ShouldBe(0);
        _harness.Output.ShouldContain("calling the API with [secret]");
        _harness.Output.ShouldNotContain(_secret);
        _harness.RunJson.ShouldNotContain(_secret);
    }

    [Fact]
    public async Task ABuildOnAnyCiHostIsAServerBuild()
    {
        _harness.Environment["JENKINS_URL"] = "https://jenkins.example.org/";
        var build = new CiBuild();

        await _harness.RunAsync(build, ["Compile"]);

        build.Host.ShouldBeOfType<JenkinsHost>();
        build.WasServerBuild.ShouldBe(true);
    }

    public void Dispose() => _harness.Dispose();

    private sealed class CiBuild : RecordingBuild
    {
        [Parameter("Key for the API"), Secret] string? ApiKey;

        public bool? WasServerBuild { get; private set; }

        Target Compile => _ => _.Executes(() => WasServerBuild = IsServerBuild);

        Target Deploy => _ => _.DependsOn(Compile).Executes(() => Serilog.Log.Information("calling the API with {ApiKey}", ApiKey ?? "no key"));
    }
}
