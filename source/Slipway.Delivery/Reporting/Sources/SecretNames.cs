using System.Text.RegularExpressions;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>A second line of defence: values of parameters whose names look secret are masked even if the run record did not.</summary>
internal static partial class SecretNames
{
    public const string Mask = "[secret]";

    public static bool LooksSecret(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("password|passwd|secret|token|apikey|api_key|api-key|credential|private.?key|connectionstring", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
