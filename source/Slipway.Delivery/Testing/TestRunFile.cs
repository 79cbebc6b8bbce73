namespace Slipway.Delivery.Testing;

/// <summary>
/// One trx file: the test project it ran, the suite (the folder under the results directory, named after the test
/// target that wrote it), each test, and the totals.
/// </summary>
public sealed record TestRunFile(string Path, string Project, string? Suite, IReadOnlyList<TestCaseResult> Tests, int Passed, int Failed, int Skipped, double? DurationMs)
{
    public int Total => Passed + Failed + Skipped;
}
