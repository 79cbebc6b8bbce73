using Slipway.Build.Definition;
using Slipway.Build.Parameters;

namespace Slipway.Build.Tests.Execution;

public sealed class IncrementalTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public IncrementalTests()
    {
        _harness.WriteFile("src/a.cs", "class A {}");
        _harness.WriteFile("src/b.cs", "class B {}");
    }

    [Fact]
    public async Task NothingChangedReportsUpToDate()
    {
        await _harness.RunAsync(new CompileBuild(), ["Compile"]);
        var second = new CompileBuild();

        var exitCode = await _harness.RunAsync(second, ["Compile"]);

        exitCode.ShouldBe(0);
        second.Ran.ShouldBeEmpty();
        _harness.RunJson.ShouldContain("\"status\": \"UpToDate\"");
        _harness.Output.ShouldContain("UpToDate");
    }

    [Fact]
    public async Task ChangingOneInputReruns()
    {
        await _harness.RunAsync(new CompileBuild(), ["Compile"]);
        _harness.WriteFile("src/b.cs", "class B { int x; }");
        var second = new CompileBuild();

        await _harness.RunAsync(second, ["Compile"]);

        second.Ran.ShouldBe(["Compile"]);
    }

    [Fact]
    public async Task ChangingAParameterReruns()
    {
        await _harness.RunAsync(new CompileBuild(), ["Compile"]);
        var second = new CompileBuild();

        await _harness.RunAsync(second, ["Compile", "--configuration", "Release"]);

        second.Ran.ShouldBe(["Compile"]);
    }

    [Fact]
    public async Task ChangingASecretDoesNotTouchTheCache()
    {
        await _harness.RunAsync(new CompileBuild(), ["Compile", "--token", "first-token"]);
        var second = new CompileBuild();

        await _harness.RunAsync(second, ["Compile", "--token", "second-token"]);

        second.Ran.ShouldBeEmpty();
        File.ReadAllText(Path.Combine(_harness.Root, ".nuke", "temp", "cache", "Compile.json")).ShouldNotContain("token");
    }

    [Fact]
    public async Task DeletingAnOutputReruns()
    {
        await _harness.RunAsync(new CompileBuild(), ["Compile"]);
        File.Delete(Path.Combine(_harness.Root, "out", "app.dll"));
        var second = new CompileBuild();

        await _harness.RunAsync(second, ["Compile"]);

        second.Ran.ShouldBe(["Compile"]);
    }

    [Fact]
    public async Task ForceIgnoresTheCacheForAllOrTheNamedTargets()
    {
        await _harness.RunAsync(new CompileBuild(), ["Compile"]);
        var all = new CompileBuild();
        var named = new CompileBuild();

        await _harness.RunAsync(all, ["Compile", "--force"]);
        await _harness.RunAsync(named, ["Compile", "--force", "compile"]);

        all.Ran.ShouldBe(["Compile"]);
        named.Ran.ShouldBe(["Compile"]);
    }

    [Fact]
    public async Task ACorruptCacheMeansRun()
    {
        await _harness.RunAsync(new CompileBuild(), ["Compile"]);
        _harness.WriteFile(".nuke/temp/cache/Compile.json", "{ not json");
        var second = new CompileBuild();

        var exitCode = await _harness.RunAsync(second, ["Compile"]);

        exitCode.ShouldBe(0);
        second.Ran.ShouldBe(["Compile"]);
    }

    [Fact]
    public async Task AFailedRunDoesNotRecordTheTargetAsUpToDate()
    {
        await _harness.RunAsync(new CompileBuild { Fail = true }, ["Compile"]);
        var second = new CompileBuild();

        await _harness.RunAsync(second, ["Compile"]);

        second.Ran.ShouldBe(["Compile"]);
    }

    [Fact]
    public async Task AFailedUpToDateCheckReruns()
    {
        await _harness.RunAsync(new CompileBuild(), ["Compile"]);
        var second = new CompileBuild { ImageExists = false };

        await _harness.RunAsync(second, ["Compile"]);

        second.Ran.ShouldBe(["Compile"]);
    }

    [Fact]
    public async Task AParameterTheTargetDoesNotReadLeavesItUpToDate()
    {
        await _harness.RunAsync(new CompileBuild(), ["Compile"]);
        var second = new CompileBuild();

        await _harness.RunAsync(second, ["Compile", "--environment", "staging"]);

        second.Ran.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnEditToAnotherTargetLeavesThisOneUpToDate()
    {
        await _harness.RunAsync(new TwoTargetBuild(), ["Compile"]);
        var edited = new TwoTargetBuildWithAnEditedPackage();

        await _harness.RunAsync(edited, ["Compile"]);

        edited.Ran.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnEditToTheTargetsOwnCodeReruns()
    {
        await _harness.RunAsync(new TwoTargetBuild(), ["Compile"]);
        var edited = new TwoTargetBuildWithAnEditedCompile();

        await _harness.RunAsync(edited, ["Compile"]);

        edited.Ran.ShouldBe(["Compile"]);
    }

    [Fact]
    public async Task AnEditToAHelperTheTargetCallsReruns()
    {
        await _harness.RunAsync(new TwoTargetBuild(), ["Compile"]);
        var edited = new TwoTargetBuildWithAnEditedHelper();

        await _harness.RunAsync(edited, ["Compile"]);

        edited.Ran.ShouldBe(["Compile"]);
    }

    [Fact]
    public async Task AChangedGenericArgumentReruns()
    {
        await _harness.RunAsync(new GenericBuild(), ["Compile"]);
        var edited = new GenericBuildWithAnotherArgument();

        await _harness.RunAsync(edited, ["Compile"]);

        edited.Ran.ShouldBe(["Compile"]);
    }

    public void Dispose() => _harness.Dispose();

    private sealed class GenericBuild : RecordingBuild
    {
        Target Compile => _ => _.Inputs("src/**/*.cs").Outputs("src/a.cs").Executes(() => Record("Compile" + Empty<int>()));

        static string Empty<T>() => typeof(T).Name.Length > 100 ? "!" : string.Empty;
    }

    private sealed class GenericBuildWithAnotherArgument : RecordingBuild
    {
        Target Compile => _ => _.Inputs("src/**/*.cs").Outputs("src/a.cs").Executes(() => Record("Compile" + Empty<long>()));

        static string Empty<T>() => typeof(T).Name.Length > 100 ? "!" : string.Empty;
    }

    private sealed class TwoTargetBuild : RecordingBuild
    {
        [Parameter] string Configuration = "Debug";

        Target Compile => _ => _.Inputs("src/**/*.cs").Outputs("src/a.cs").Executes(() => Record("Compile" + Suffix()));
        Target Package => _ => _.DependsOn(Compile).Inputs("src/**/*.cs").Executes(() => Record("Package"));

        string Suffix() => Configuration.Length > 100 ? "!" : string.Empty;
    }

    private sealed class TwoTargetBuildWithAnEditedPackage : RecordingBuild
    {
        [Parameter] string Configuration = "Debug";

        Target Compile => _ => _.Inputs("src/**/*.cs").Outputs("src/a.cs").Executes(() => Record("Compile" + Suffix()));
        Target Package => _ => _.DependsOn(Compile).Inputs("src/**/*.cs").Executes(() => Record("Package, edited"));

        string Suffix() => Configuration.Length > 100 ? "!" : string.Empty;
    }

    private sealed class TwoTargetBuildWithAnEditedCompile : RecordingBuild
    {
        [Parameter] string Configuration = "Debug";

        Target Compile => _ => _.Inputs("src/**/*.cs").Outputs("src/a.cs").Executes(() => Record("Compile" + Suffix().Trim()));
        Target Package => _ => _.DependsOn(Compile).Inputs("src/**/*.cs").Executes(() => Record("Package"));

        string Suffix() => Configuration.Length > 100 ? "!" : string.Empty;
    }

    private sealed class TwoTargetBuildWithAnEditedHelper : RecordingBuild
    {
        [Parameter] string Configuration = "Debug";

        Target Compile => _ => _.Inputs("src/**/*.cs").Outputs("src/a.cs").Executes(() => Record("Compile" + Suffix()));
        Target Package => _ => _.DependsOn(Compile).Inputs("src/**/*.cs").Executes(() => Record("Package"));

        string Suffix() => Configuration.Length > 99 ? "!" : string.Empty;
    }

    private sealed class CompileBuild : RecordingBuild
    {
        [Parameter] string Configuration = "Debug";
        [Parameter, Secret] string? Token;
        [Parameter] string Environment = "local";

        public bool Fail { get; init; }
        public bool ImageExists { get; init; } = true;

        Target Compile => _ => _
            .Inputs("src/**/*.cs")
            .Outputs("out/app.dll")
            .UpToDateWhen(_ => Task.FromResult(ImageExists))
            .Executes(() =>
            {
                Record("Compile");
                Directory.CreateDirectory(Path.Combine(RootDirectory, "out"));
                File.WriteAllText(Path.Combine(RootDirectory, "out", "app.dll"), Configuration + Token?.Length);
                if (Fail)
                    throw new InvalidOperationException("compile failed");
            });
    }
}
