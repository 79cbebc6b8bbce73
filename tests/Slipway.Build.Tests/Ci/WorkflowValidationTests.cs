using Slipway.Build.Ci;
using Slipway.Build.Execution;
using Slipway.Build.Tests.Ci.Builds;

namespace Slipway.Build.Tests.Ci;

/// <summary>Every generated workflow passes GitHub's own parser (schema and model checks); a broken one does not.</summary>
public sealed class WorkflowValidationTests(WorkflowValidator validator) : IClassFixture<WorkflowValidator>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-workflows-").FullName;

    public static TheoryData<string> Builds => new() { nameof(SingleJobBuild), nameof(MatrixBuild), nameof(MultiJobBuild), nameof(MultiJobMatrixBuild), nameof(DispatchBuild), nameof(InvokedJobsBuild) };

    [Theory]
    [MemberData(nameof(Builds))]
    public async Task GeneratedWorkflowsPassGitHubsParser(string buildName)
    {
        var files = WriteWorkflows(Create(buildName));

        var (exitCode, output) = await validator.ValidateAsync(files);

        output.ShouldContain($"{files.Length} valid, 0 invalid");
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task ValidatorRejectsANeedsNamingAMissingJob()
    {
        var workflow = CiGeneration.Render(new MultiJobBuild()).Single().Content.Replace("      - Compile\n", "      - Compil\n", StringComparison.Ordinal);
        var file = Path.Combine(_directory, "needs-missing.yml");
        File.WriteAllText(file, workflow);

        var (exitCode, output) = await validator.ValidateAsync(file);

        exitCode.ShouldBe(1);
        output.ShouldContain("Job 'Test' depends on unknown job 'Compil'.");
    }

    [Fact]
    public async Task ValidatorRejectsAStepWithoutRunOrUses()
    {
        var file = Path.Combine(_directory, "bad-step.yml");
        File.WriteAllText(file, "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Nothing\n        with:\n          a: b\n");

        var (exitCode, output) = await validator.ValidateAsync(file);

        exitCode.ShouldBe(1);
        output.ShouldContain("bad-step.yml (Line: 6");
    }

    [Fact]
    public async Task ValidatorNamesEveryInvalidFileAndStillChecksTheValidOnes()
    {
        var valid = WriteWorkflows(new SingleJobBuild()).Single();
        var invalid = Path.Combine(_directory, "no-jobs.yml");
        File.WriteAllText(invalid, "on: push\n");

        var (exitCode, output) = await validator.ValidateAsync(valid, invalid);

        exitCode.ShouldBe(1);
        output.ShouldContain($"{valid}: valid");
        output.ShouldContain("no-jobs.yml");
        output.ShouldContain("1 valid, 1 invalid");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string[] WriteWorkflows(SlipwayBuild build)
    {
        var root = Path.Combine(_directory, build.GetType().Name);
        CiGeneration.Write(build, Tools.AbsolutePath.Create(root));
        return Directory.GetFiles(Path.Combine(root, ".github", "workflows"), "*.yml").Order(StringComparer.Ordinal).ToArray();
    }

    private static SlipwayBuild Create(string buildName) => buildName switch
    {
        nameof(SingleJobBuild) => new SingleJobBuild(),
        nameof(MatrixBuild) => new MatrixBuild(),
        nameof(MultiJobBuild) => new MultiJobBuild(),
        nameof(MultiJobMatrixBuild) => new MultiJobMatrixBuild(),
        nameof(DispatchBuild) => new DispatchBuild(),
        nameof(InvokedJobsBuild) => new InvokedJobsBuild(),
        _ => throw new ArgumentOutOfRangeException(nameof(buildName), buildName, "Add the build to Create."),
    };
}
