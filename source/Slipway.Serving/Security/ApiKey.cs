namespace Slipway.Serving.Security;

/// <summary>
/// What one accepted key may do: its name (how logs, limits and errors refer to it; the key itself is never shown),
/// the models it may use (null: all), and its request rate (null: unlimited).
/// </summary>
public sealed record ApiKey(string Name, IReadOnlySet<string>? Models, ApiKeyRate? Rate)
{
    public bool Allows(string model) => Models is null || Models.Contains(model);
}

/// <summary>At most <paramref name="Permits"/> requests per <paramref name="Per"/>, per service instance (a token bucket refilled each period).</summary>
public sealed record ApiKeyRate(int Permits, TimeSpan Per)
{
    public override string ToString() => $"{Permits}/{(Per == TimeSpan.FromMinutes(1) ? "m" : "s")}";
}
