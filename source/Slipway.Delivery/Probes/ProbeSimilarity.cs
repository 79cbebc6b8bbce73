namespace Slipway.Delivery.Probes;

/// <summary>How close one probe's output on the candidate is to the baseline's: lowest row cosine and largest element difference.</summary>
public sealed record ProbeSimilarity(string Id, double? Cosine, double? MaxAbsDiff);
