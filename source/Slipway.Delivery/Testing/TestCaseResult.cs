namespace Slipway.Delivery.Testing;

/// <summary>One test of a trx file: its name, outcome (and the trx word for it), duration and failure text.</summary>
public sealed record TestCaseResult(string Name, TestOutcome Outcome, string TrxOutcome, double? DurationMs, string? Message, string? StackTrace);
