using Slipway.Build.Definition;
using Slipway.Build.Parameters;
using Slipway.Build.Tools;

namespace Slipway.Build.Tests.Parameters;

public sealed class ParameterTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    [Fact]
    public async Task TheCommandLineWinsOverEverySource()
    {
        _harness.Environment["REGISTRY"] = "from-env";
        _harness.WriteFile(".nuke/parameters.json", """{ "Registry": "from-file" }""");
        var build = new ParameterBuild();

        await _harness.RunAsync(build, ["Show", "--registry", "from-cli"]);

        build.Registry.ShouldBe("from-cli");
    }

    [Theory]
    [InlineData("Registry")]
    [InlineData("REGISTRY")]
    [InlineData("SLIPWAY_REGISTRY")]
    public async Task TheEnvironmentWinsOverFilesUnderEachOfItsNames(string variable)
    {
        _harness.Environment[variable] = "from-env";
        _harness.WriteFile(".nuke/parameters.json", """{ "Registry": "from-file" }""");
        var build = new ParameterBuild();

        await _harness.RunAsync(build, ["Show"]);

        build.Registry.ShouldBe("from-env");
    }

    [Fact]
    public async Task LaterProfilesWinOverEarlierOnesAndOverParametersJson()
    {
        _harness.WriteFile(".nuke/parameters.json", """{ "Registry": "base", "Replicas": 1, "Environment": "local" }""");
        _harness.WriteFile(".nuke/parameters.staging.json", """{ "Registry": "staging", "Replicas": 2 }""");
        _harness.WriteFile(".nuke/parameters.ci.json", """{ "Replicas": 3 }""");
        var build = new ParameterBuild();

        await _harness.RunAsync(build, ["Show", "--profile", "staging", "ci"]);

        build.Registry.ShouldBe("staging");
        build.Replicas.ShouldBe(3);
        build.Environment.ShouldBe("local");
    }

    [Fact]
    public async Task TheInitializerIsTheDefault()
    {
        var build = new ParameterBuild();

        await _harness.RunAsync(build, ["Show"]);

        build.Replicas.ShouldBe(1);
        build.Timeout.ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ConvertsEverySupportedType()
    {
        var build = new ParameterBuild();

        var exitCode = await _harness.RunAsync(build,
        [
            "Show", "--verbose-deploy", "--replicas", "4", "--ratio", "0.25", "--mode", "blue-green",
            "--tags", "a", "b", "--hosts", "x,y", "--output", "artifacts/out", "--timeout", "90s", "--endpoint", "http://127.0.0.1:9000",
        ]);

        exitCode.ShouldBe(0);
        build.VerboseDeploy.ShouldBeTrue();
        build.Replicas.ShouldBe(4);
        build.Ratio.ShouldBe(0.25);
        build.Mode.ShouldBe(DeployMode.BlueGreen);
        build.Tags.ShouldBe(["a", "b"]);
        build.Hosts.ShouldBe(["x", "y"]);
        build.Output!.ToString().ShouldBe(Path.Combine(_harness.Root, "artifacts", "out"));
        build.Timeout.ShouldBe(TimeSpan.FromSeconds(90));
        build.Endpoint.ShouldBe(new Uri("http://127.0.0.1:9000"));
    }

    [Theory]
    [InlineData("--replicas", "many", "Parameter 'Replicas' from the command line (--replicas) has the value 'many': 'many' is not a whole number")]
    [InlineData("--mode", "canary", "Accepted: Rolling | BlueGreen")]
    [InlineData("--timeout", "soon", "a duration: 90s, 5m, 1h, 250ms or hh:mm:ss")]
    [InlineData("--endpoint", "not a uri", "an absolute URI")]
    public async Task AValueThatDoesNotConvertIsAUsageErrorNamingParameterValueAndWhatIsAccepted(string option, string value, string expected)
    {
        var build = new ParameterBuild();

        var exitCode = await _harness.RunAsync(build, ["Show", option, value]);

        exitCode.ShouldBe(2);
        build.Shown.ShouldBeFalse();
        _harness.Output.ShouldContain(expected);
    }

    [Fact]
    public async Task ABadBooleanGivenWithEqualsIsAUsageError()
    {
        var build = new ParameterBuild();

        var exitCode = await _harness.RunAsync(build, ["Show", "--verbose-deploy=maybe"]);

        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("'maybe' is not true | false");
    }

    [Fact]
    public async Task ABadValueInTheEnvironmentNamesTheVariable()
    {
        _harness.Environment["REPLICAS"] = "three";
        var build = new ParameterBuild();

        var exitCode = await _harness.RunAsync(build, ["Show"]);

        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("from the environment variable REPLICAS has the value 'three'");
    }

    [Fact]
    public async Task AnUnknownOptionIsAUsageErrorWithADidYouMean()
    {
        var build = new ParameterBuild();

        var exitCode = await _harness.RunAsync(build, ["Show", "--replica", "2"]);

        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("Unknown option '--replica'. Did you mean '--replicas'?");
    }

    [Fact]
    public async Task AnUnknownKeyInParametersJsonIsAUsageError()
    {
        _harness.WriteFile(".nuke/parameters.json", """{ "$schema": "./build.schema.json", "Registy": "x" }""");
        var build = new ParameterBuild();

        var exitCode = await _harness.RunAsync(build, ["Show"]);

        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("'parameters.json' sets unknown parameter 'Registy'. Did you mean 'Registry'?");
    }

    [Fact]
    public async Task AMissingProfileIsAUsageErrorListingTheProfiles()
    {
        _harness.WriteFile(".nuke/parameters.staging.json", "{}");
        var build = new ParameterBuild();

        var exitCode = await _harness.RunAsync(build, ["Show", "--profile", "prod"]);

        exitCode.ShouldBe(2);
        _harness.Output.ShouldContain("Profile file '.nuke/parameters.prod.json' does not exist. Available profiles: staging.");
    }

    [Fact]
    public async Task HelpListsTargetsDefaultsAndParametersWithSecretsOnlyAsSetOrUnset()
    {
        _harness.Environment["API_TOKEN"] = "hunter2-token";
        var build = new ParameterBuild();

        var exitCode = await _harness.RunAsync(build, ["--help"], [build.ShowTarget]);

        exitCode.ShouldBe(0);
        _harness.Output.ShouldContain("Show (default)");
        _harness.Output.ShouldContain("--replicas <int>");
        _harness.Output.ShouldContain("env REPLICAS; default: 1");
        _harness.Output.ShouldContain("--api-token <string>");
        _harness.Output.ShouldContain("secret, set");
        _harness.Output.ShouldNotContain("hunter2-token");
    }

    public void Dispose() => _harness.Dispose();

    public enum DeployMode
    {
        Rolling,
        BlueGreen,
    }

    private sealed class ParameterBuild : RecordingBuild
    {
        [Parameter("Registry host")] public string? Registry;
        [Parameter("Replica count")] public int Replicas = 1;
        [Parameter] public double Ratio;
        [Parameter] public bool VerboseDeploy;
        [Parameter] public DeployMode Mode;
        [Parameter] public string[] Tags = [];
        [Parameter(Separator = ',')] public string[] Hosts = [];
        [Parameter] public AbsolutePath? Output;
        [Parameter] public TimeSpan Timeout = TimeSpan.FromSeconds(30);
        [Parameter] public Uri? Endpoint;
        [Parameter("Target environment")] public string Environment { get; set; } = "dev";
        [Parameter("Token for the API"), Secret] public string? ApiToken;

        public bool Shown { get; private set; }
        public Target ShowTarget => Show;

        Target Show => _ => _.Executes(() => Shown = true);
    }
}
