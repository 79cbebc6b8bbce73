using System.Text.Json;
using Slipway.Build.Ci;
using Slipway.Build.Tests.Ci.Builds;

namespace Slipway.Build.Tests.Ci;

/// <summary>Every generated Jenkinsfile passes npm-groovy-lint (CodeNarc's Groovy parser and rules); a broken one does not.</summary>
public sealed class JenkinsValidationTests(WorkflowValidator validator) : IClassFixture<WorkflowValidator>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-jenkins-").FullName;

    [Fact]
    public async Task GeneratedJenkinsfilesPassNpmGroovyLint()
    {
        var files = new[] { Write(nameof(JenkinsBuild), new JenkinsBuild()), Write(nameof(MinimalJenkinsBuild), new MinimalJenkinsBuild()) };

        var (exitCode, output) = await validator.LintGroovyAsync(files);

        exitCode.ShouldBe(0, output);
        var summary = Report(output).GetProperty("summary");
        summary.GetProperty("totalFilesLinted").GetInt32().ShouldBe(2);
        summary.GetProperty("totalFoundErrorNumber").GetInt32().ShouldBe(0, output);
    }

    [Fact]
    public async Task TheLinterRejectsAJenkinsfileWithAnUnclosedBlock()
    {
        var content = CiGeneration.Render(new JenkinsBuild()).Single().Content;
        var file = Path.Combine(_directory, "broken", "Jenkinsfile");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content[..content.LastIndexOf('}')]);

        var (exitCode, output) = await validator.LintGroovyAsync(file);

        exitCode.ShouldBe(1);
        var errors = Report(output).GetProperty("files").GetProperty(file).GetProperty("errors");
        errors.EnumerateArray().Select(e => e.GetProperty("rule").GetString()).ShouldContain("NglParseError");
    }

    private static JsonElement Report(string output) => JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]).RootElement;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, Slipway.Build.Execution.SlipwayBuild build)
    {
        var file = Path.Combine(_directory, name, "Jenkinsfile");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, CiGeneration.Render(build).Single(w => w.RelativePath == "Jenkinsfile").Content);
        return file;
    }

    [Jenkins(InvokedTargets = ["Ci"], AgentLabel = "linux && docker")]
    private sealed class MinimalJenkinsBuild : PipelineBuild;
}
