namespace Slipway.Tooling.Tests;

public sealed class ProcessTasksTests
{
    [Fact]
    public async Task ReturnsTheOutputLinesOfASuccessfulRun()
    {
        // Act
        var output = await ProcessTasks.RunAsync("sh", ["-c", "echo one; echo two"]);

        // Assert
        output.ShouldBe(["one", "two"]);
    }

    [Fact]
    public async Task AFailureMessageHoldsTheExitCodeAndTheLastLinesOfOutput()
    {
        // Act
        var error = await Should.ThrowAsync<ProcessFailedException>(() =>
            ProcessTasks.RunAsync("sh", ["-c", "for i in $(seq 1 40); do echo line $i; done; exit 3"], logOutput: false));

        // Assert
        error.ExitCode.ShouldBe(3);
        error.Message.ShouldContain("exited with code 3");
        error.Message.ShouldContain("line 40");
        error.Output.Count.ShouldBe(30);
        error.Output[0].ShouldBe("line 11");
        error.Message.ShouldNotContain("line 10" + Environment.NewLine);
    }

    [Fact]
    public async Task ASecretIsRedactedInTheCommandTheOutputAndTheFailureMessage()
    {
        // Arrange
        var secret = "token-" + Guid.NewGuid().ToString("N");
        SecretRedactor.Register(secret);
        var log = new CollectingLog();

        // Act
        var error = await Should.ThrowAsync<ProcessFailedException>(() =>
            ProcessTasks.RunAsync("sh", ["-c", "echo denied for $1; echo $1 >&2; exit 1", "sh", secret], log: log.Logger));

        // Assert
        log.Text.ShouldNotContain(secret);
        log.Text.ShouldContain("denied for [secret]");
        error.Message.ShouldNotContain(secret);
        error.Message.ShouldContain("denied for [secret]");
        error.Output.ShouldAllBe(line => !line.Contains(secret));
    }

    [Fact]
    public async Task AMissingExecutableIsAClearError()
    {
        // Act
        var error = await Should.ThrowAsync<ProcessFailedException>(() => ProcessTasks.RunAsync("slipway-no-such-program", []));

        // Assert
        error.ExitCode.ShouldBe(-1);
        error.Message.ShouldContain("Could not start 'slipway-no-such-program'");
        error.Message.ShouldContain("not installed or not on PATH");
    }

    [Fact]
    public async Task AMissingWorkingDirectoryIsNamedInTheError()
    {
        // Arrange
        var missing = Path.Combine(Path.GetTempPath(), "slipway-missing-" + Guid.NewGuid().ToString("N"));

        // Act
        var error = await Should.ThrowAsync<ProcessFailedException>(() => ProcessTasks.RunAsync("sh", ["-c", "true"], missing));

        // Assert
        error.Message.ShouldContain($"working directory '{missing}' does not exist");
    }

    [Fact]
    public async Task TryRunReportsANonZeroExitWithoutThrowingAndKeepsStandardOutputApart()
    {
        // Act
        var result = await ProcessTasks.TryRunAsync("sh", ["-c", "echo out; echo err >&2; exit 5"], logOutput: false);

        // Assert
        result.ExitCode.ShouldBe(5);
        result.Succeeded.ShouldBeFalse();
        result.StandardOutput.ShouldBe(["out"]);
        result.Output.ShouldBe(["out", "err"], ignoreOrder: true);
    }

    [Fact]
    public async Task AnEnvironmentVariableWithANullValueIsRemoved()
    {
        // Arrange
        var environment = new Dictionary<string, string?> { ["SLIPWAY_SET"] = "yes", ["HOME"] = null };

        // Act
        var output = await ProcessTasks.RunAsync("sh", ["-c", "echo \"$SLIPWAY_SET/${HOME:-unset}\""], environment: environment);

        // Assert
        output.ShouldBe(["yes/unset"]);
    }
}
