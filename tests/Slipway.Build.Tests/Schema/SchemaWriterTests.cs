using System.Text.Json;
using Slipway.Build.Definition;
using Slipway.Build.Parameters;

namespace Slipway.Build.Tests.Schema;

public sealed class SchemaWriterTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task WritesNukeStyleSchemaWithATargetEnumAndTypedParameters()
    {
        var exitCode = await _harness.RunAsync(new SchemaBuild(), ["Compile"]);

        exitCode.ShouldBe(0);
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(_harness.Root, ".nuke", "build.schema.json")));
        var root = schema.RootElement;
        root.GetProperty("$schema").GetString().ShouldBe("http://json-schema.org/draft-04/schema#");
        root.GetProperty("definitions").GetProperty("ExecutableTarget").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Compile", "Deploy"]);
        var properties = root.GetProperty("allOf")[0].GetProperty("properties");
        properties.GetProperty("Mode").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Local", "Swarm"]);
        properties.GetProperty("Replicas").GetProperty("type").GetString().ShouldBe("integer");
        properties.GetProperty("Password").GetProperty("default").GetString()!.ShouldContain("Secrets must be set");
    }

    [Fact]
    public async Task WritesALaunchProfilePerListedTargetAndOnlyRewritesWhenChanged()
    {
        Directory.CreateDirectory(Path.Combine(_harness.Root, "build"));
        await _harness.RunAsync(new SchemaBuild(), ["Compile"]);
        var path = Path.Combine(_harness.Root, "build", "Properties", "launchSettings.json");
        var written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddHours(-1));

        await _harness.RunAsync(new SchemaBuild(), ["Compile"]);

        using var settings = JsonDocument.Parse(File.ReadAllText(path));
        settings.RootElement.GetProperty("profiles").EnumerateObject().Select(p => p.Name).ShouldBe(["Compile", "Deploy"]);
        File.GetLastWriteTimeUtc(path).ShouldBe(written.AddHours(-1));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--plan", "Deploy")]
    public async Task HelpAndPlanLeaveTheSchemaAlone(params string[] arguments)
    {
        Directory.CreateDirectory(Path.Combine(_harness.Root, "build"));

        var exitCode = await _harness.RunAsync(new SchemaBuild(), arguments);

        exitCode.ShouldBe(0);
        File.Exists(Path.Combine(_harness.Root, ".nuke", "build.schema.json")).ShouldBeFalse();
        File.Exists(Path.Combine(_harness.Root, "build", "Properties", "launchSettings.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task TheRunRecordHoldsInvocationParametersAndEachTarget()
    {
        var exitCode = await _harness.RunAsync(new SchemaBuild(), ["Deploy", "--replicas", "3"]);

        exitCode.ShouldBe(0);
        using var record = JsonDocument.Parse(_harness.RunJson);
        var root = record.RootElement;
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        root.GetProperty("invocation").GetProperty("targets")[0].GetString().ShouldBe("Deploy");
        root.GetProperty("invocation").GetProperty("exitCode").GetInt32().ShouldBe(0);
        root.GetProperty("parameters").GetProperty("Replicas").GetString().ShouldBe("3");
        root.GetProperty("parameters").GetProperty("Password").ValueKind.ShouldBe(JsonValueKind.Null);
        root.GetProperty("outcome").GetString().ShouldBe("Succeeded");
        var targets = root.GetProperty("targets").EnumerateArray().ToList();
        targets.Select(t => t.GetProperty("name").GetString()).ShouldBe(["Compile", "Deploy"]);
        targets[0].GetProperty("status").GetString().ShouldBe("Succeeded");
        targets[0].GetProperty("startedAt").ValueKind.ShouldBe(JsonValueKind.String);
    }

    public void Dispose() => _harness.Dispose();

    public enum Mode
    {
        Local,
        Swarm,
    }

    private sealed class SchemaBuild : RecordingBuild
    {
        [Parameter("Deploy backend")] Mode Mode;
        [Parameter("Replica count")] int Replicas = 1;
        [Parameter("Registry password"), Secret] string? Password;

        Target Compile => _ => _.Executes(() => Record("Compile"));
        Target Deploy => _ => _.DependsOn(Compile).Executes(() => Record("Deploy"));
        Target Hidden => _ => _.Unlisted().Executes(() => Record("Hidden"));
    }
}
