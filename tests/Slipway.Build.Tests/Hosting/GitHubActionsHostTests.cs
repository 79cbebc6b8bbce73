using Slipway.Build.Definition;
using Slipway.Build.Hosting;
using Slipway.Build.Parameters;

namespace Slipway.Build.Tests.Hosting;

/// <summary>The build as GitHub Actions sees it (GITHUB_ACTIONS=true): masks, groups, annotations, step summary, outputs.</summary>
public sealed class GitHubActionsHostTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    // Secrets are registered process-wide and masked once, so every test uses a value no other test has seen.
    private readonly string _secret = "key-" + Guid.NewGuid().ToString("N");

    public GitHubActionsHostTests() => _harness.Environment["GITHUB_ACTIONS"] = "true";

    private string[] Lines => _harness.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    [Fact]
    public async Task TheFirstLinePrintedMasksTheSecretAndTheValueAppearsNowhereElse()
    {
        _harness.Environment["API_KEY"] = _secret;

        var exitCode = await _harness.RunAsync(new HostedBuild(), ["Deploy"]);

        exitCode.ShouldBe(0);
        Lines[0].ShouldBe($"::add-mask::{_secret}");
        Lines.Count(l => l.Contains(_secret, StringComparison.Ordinal)).ShouldBe(1);
        _harness.Output.ShouldContain("calling the API with [secret]");
        _harness.RunJson.ShouldNotContain(_secret);
    }

    [Fact]
    public async Task AMultiLineSecretIsMaskedLineByLineBeforeAnythingElse()
    {
        _harness.Environment["API_KEY"] = $"{_secret}-first\n{_secret}-second";

        await _harness.RunAsync(new HostedBuild(), ["Deploy"]);

        Lines.Take(2).ShouldBe([$"::add-mask::{_secret}-first", $"::add-mask::{_secret}-second"]);
    }

    [Fact]
    public async Task EveryTargetRunsInsideItsOwnGroup()
    {
        await _harness.RunAsync(new HostedBuild(), ["Deploy"]);

        var markers = Lines.Where(l => l.StartsWith("::group::", StringComparison.Ordinal) || l == "::endgroup::").ToList();
        markers.ShouldBe(["::group::Compile", "::endgroup::", "::group::Deploy", "::endgroup::"]);
        var deployLog = Array.FindIndex(Lines, l => l.Contains("calling the API", StringComparison.Ordinal));
        deployLog.ShouldBeGreaterThan(Array.IndexOf(Lines, "::group::Deploy"));
        deployLog.ShouldBeLessThan(Array.LastIndexOf(Lines, "::endgroup::"));
    }

    [Fact]
    public async Task AFailingTargetBecomesAnErrorAnnotation()
    {
        var exitCode = await _harness.RunAsync(new HostedBuild(), ["Fail"]);

        exitCode.ShouldBe(1);
        Lines.ShouldContain(l => l.StartsWith("::error::", StringComparison.Ordinal) && l.Contains("Target Fail failed: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnnotationsEscapePercentAndLineBreaks()
    {
        await _harness.RunAsync(new HostedBuild(), ["Fail"]);

        var annotation = Lines.Single(l => l.StartsWith("::error::", StringComparison.Ordinal) && l.Contains("Target Fail failed", StringComparison.Ordinal));
        annotation.ShouldContain("Target Fail failed: disk 100%25 full%0Afree some space");
    }

    [Fact]
    public void EscapeEncodesPercentCarriageReturnAndNewLine()
    {
        GitHubActionsHost.Escape("50% done\r\nnext").ShouldBe("50%25 done%0D%0Anext");
    }

    [Fact]
    public async Task TheSummaryIsAppendedToTheStepSummaryFile()
    {
        var summary = Path.Combine(_harness.Root, "step-summary.md");
        File.WriteAllText(summary, "previous step\n");
        _harness.Environment["GITHUB_STEP_SUMMARY"] = summary;
        _harness.Environment["API_KEY"] = _secret;

        await _harness.RunAsync(new HostedBuild(), ["Deploy"]);

        var text = File.ReadAllText(summary);
        text.ShouldStartWith("previous step\n### ✅ Build succeeded in ");
        text.ShouldContain("| Target | Status | Duration | Note |");
        text.ShouldContain("| Compile | Succeeded |");
        text.ShouldContain("| Deploy | Succeeded |");
        text.ShouldNotContain(_secret);
    }

    [Fact]
    public async Task AFailedBuildSummaryNamesTheFailureWithTableCellsEscaped()
    {
        var summary = Path.Combine(_harness.Root, "step-summary.md");
        _harness.Environment["GITHUB_STEP_SUMMARY"] = summary;

        await _harness.RunAsync(new HostedBuild(), ["Pipe"]);

        var text = File.ReadAllText(summary);
        text.ShouldStartWith("### ❌ Build failed in ");
        text.ShouldContain("| Pipe | Failed |");
        text.ShouldContain("expected a \\| b");
    }

    [Fact]
    public async Task OutputsAreWrittenToTheOutputFileWithADelimiter()
    {
        var outputs = Path.Combine(_harness.Root, "github-output");
        _harness.Environment["GITHUB_OUTPUT"] = outputs;

        await _harness.RunAsync(new HostedBuild(), ["Version"]);

        var lines = File.ReadAllLines(outputs);
        lines.Length.ShouldBe(4);
        lines[0].ShouldStartWith("version<<slipway_");
        lines[1..3].ShouldBe(["1.2.3", "second line"]);
        lines[3].ShouldBe(lines[0]["version<<".Length..]);
    }

    public void Dispose() => _harness.Dispose();

    private sealed class HostedBuild : RecordingBuild
    {
        [Parameter("Key for the API"), Secret] string? ApiKey;

        Target Compile => _ => _.Executes(() => Record("Compile"));

        Target Deploy => _ => _.DependsOn(Compile).Executes(() =>
        {
            Record("Deploy");
            Serilog.Log.Information("calling the API with {ApiKey}", ApiKey ?? "no key");
        });

        Target Fail => _ => _.Executes(() => throw new IOException("disk 100% full\nfree some space"));

        Target Pipe => _ => _.Executes(() => throw new InvalidOperationException("expected a | b"));

        Target Version => _ => _.Executes(() => Host.SetOutput("version", "1.2.3\nsecond line"));
    }
}
