using Slipway.Delivery.Reporting.GitHub;

namespace Slipway.Delivery.Tests.Reporting.GitHub;

public sealed class StepSummaryTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task AppendsToTheFileNamedByGitHubStepSummary()
    {
        // Arrange
        var path = Path.Combine(_scratch.Path, "summary.md");
        await File.WriteAllTextAsync(path, "## Earlier step\n");

        // Act
        var written = await StepSummary.AppendAsync("## Report", name => name == "GITHUB_STEP_SUMMARY" ? path : null);

        // Assert
        written.ShouldBeTrue();
        (await File.ReadAllTextAsync(path)).ShouldBe("## Earlier step\n## Report\n");
    }

    [Fact]
    public async Task WritesNothingWhenGitHubStepSummaryIsNotSet()
    {
        // Act
        var written = await StepSummary.AppendAsync("## Report", _ => null);

        // Assert
        written.ShouldBeFalse();
        Directory.GetFiles(_scratch.Path).ShouldBeEmpty();
    }

    public void Dispose() => _scratch.Dispose();
}
