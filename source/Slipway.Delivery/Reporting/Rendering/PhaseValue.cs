using Slipway.Delivery.Analysis;

namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>The check that stands for one analysis phase in a per-phase chart.</summary>
internal sealed record PhaseValue(string Phase, AnalysisCheck Check);
