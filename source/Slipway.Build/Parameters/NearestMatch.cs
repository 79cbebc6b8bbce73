namespace Slipway.Build.Parameters;

/// <summary>Finds the closest candidate to a mistyped name, for "did you mean" hints.</summary>
public static class NearestMatch
{
    public static string? Find(string input, IEnumerable<string> candidates)
    {
        var key = ParameterNames.Key(input);
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(key, ParameterNames.Key(c))))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(2, key.Length / 3) ? best.Candidate : null;
    }

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
