namespace Slipway.Delivery.Reporting.Model;

/// <summary>Milliseconds spent per pipeline stage; null when no target of that stage ran.</summary>
public sealed record StageTimes(double? Build, double? Test, double? Image, double? Deploy)
{
    public static readonly StageTimes None = new(null, null, null, null);

    public IEnumerable<(string Stage, double? Ms)> All()
    {
        yield return ("build", Build);
        yield return ("test", Test);
        yield return ("image", Image);
        yield return ("deploy", Deploy);
    }
}
