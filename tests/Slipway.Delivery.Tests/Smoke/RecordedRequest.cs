namespace Slipway.Delivery.Tests.Smoke;

internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
