using Slipway.Build.CommandLine;

namespace Slipway.Build.Tests.CommandLine;

public sealed class ParsedArgumentsTests
{
    [Fact]
    public void SingleValuedOptionsLeaveTheFollowingTokensAsTargets()
    {
        var arguments = ParsedArguments.Parse(["--root", "/repo", "Test", "--verbosity", "quiet", "Deploy"]);

        arguments.Targets.ShouldBe(["Test", "Deploy"]);
        arguments.Value("root").ShouldBe("/repo");
    }

    [Fact]
    public void ParallelTakesANumberOnly()
    {
        var bare = ParsedArguments.Parse(["--parallel", "Test"]);
        var counted = ParsedArguments.Parse(["--parallel", "3", "Test"]);

        bare.Targets.ShouldBe(["Test"]);
        bare.Values("parallel").ShouldBeEmpty();
        counted.Value("parallel").ShouldBe("3");
        counted.Targets.ShouldBe(["Test"]);
    }

    [Fact]
    public void FlagsLeaveTheFollowingTokensAsTargets()
    {
        var arguments = ParsedArguments.Parse(["--plan", "ContainerImage", "--verbose", "Deploy", "--dry", "false"], new HashSet<string> { "verbose", "dry" });

        arguments.Targets.ShouldBe(["ContainerImage", "Deploy"]);
        arguments.Values("verbose").ShouldBeEmpty();
        arguments.Values("dry").ShouldBe(["false"]);
    }

    [Fact]
    public void MultiValuedOptionsTakeEveryTokenUntilTheNextOption()
    {
        var arguments = ParsedArguments.Parse(["Deploy", "--skip", "Test", "Compile", "--profile=staging", "--no-logo"]);

        arguments.Targets.ShouldBe(["Deploy"]);
        arguments.Values("skip").ShouldBe(["Test", "Compile"]);
        arguments.Values("profile").ShouldBe(["staging"]);
        arguments.Has("no-logo").ShouldBeTrue();
    }
}
