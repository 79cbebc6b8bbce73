using System.Globalization;
using System.Net;
using System.Text;

namespace Slipway.Delivery.Reporting.Rendering;

/// <summary>A minimal SVG writer: every number in the invariant culture, every text HTML-encoded.</summary>
internal sealed class Svg
{
    private readonly StringBuilder _body = new();
    private readonly double _width;
    private readonly double _height;
    private readonly string _label;
    private readonly string _cssClass;

    public Svg(double width, double height, string label, string cssClass = "chart")
    {
        _width = width;
        _height = height;
        _label = label;
        _cssClass = cssClass;
    }

    public Svg Rect(double x, double y, double width, double height, string cssClass, string? title = null)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(width, 0))}\" height=\"{N(Math.Max(height, 0))}\" class=\"{cssClass}\"");
        if (title is null)
            _body.Append("/>");
        else
            _body.Append("><title>").Append(WebUtility.HtmlEncode(title)).Append("</title></rect>");
        return this;
    }

    public Svg Line(double x1, double y1, double x2, double y2, string cssClass)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" class=\"{cssClass}\"/>");
        return this;
    }

    /// <summary>An open line through <paramref name="points"/>; nothing when there are fewer than two.</summary>
    public Svg Polyline(IReadOnlyList<(double X, double Y)> points, string cssClass)
    {
        if (points.Count < 2)
            return this;
        _body.Append("<polyline points=\"").AppendJoin(' ', points.Select(p => N(p.X) + "," + N(p.Y))).Append("\" class=\"").Append(cssClass).Append("\"/>");
        return this;
    }

    public Svg Circle(double x, double y, double radius, string cssClass, string? title = null)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(radius)}\" class=\"{cssClass}\"");
        if (title is null)
            _body.Append("/>");
        else
            _body.Append("><title>").Append(WebUtility.HtmlEncode(title)).Append("</title></circle>");
        return this;
    }

    public Svg Text(double x, double y, string text, string cssClass = "", string anchor = "start")
    {
        _body.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\"");
        if (cssClass.Length > 0)
            _body.Append(" class=\"").Append(cssClass).Append('"');
        _body.Append('>').Append(WebUtility.HtmlEncode(text)).Append("</text>");
        return this;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"<svg class=\"{_cssClass}\" viewBox=\"0 0 {N(_width)} {N(_height)}\" width=\"{N(_width)}\" height=\"{N(_height)}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(_label)}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{WebUtility.HtmlEncode(_label)}</title>")
        + _body + "</svg>";

    private static string N(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    private static readonly double[] TimeSteps =
    [
        1, 2, 5, 10, 20, 50, 100, 200, 500,
        1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000,
        60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
        3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
    ];

    /// <summary>Axis ticks for milliseconds at a step people read easily (10 s, 30 s, 1 min, 5 min…) from 0 to at least <paramref name="maxMs"/>.</summary>
    public static double[] TimeTicks(double maxMs, int approximateCount = 5)
    {
        if (maxMs <= 0 || double.IsNaN(maxMs))
            return [0, 1000];
        var raw = maxMs / approximateCount;
        var step = TimeSteps.FirstOrDefault(s => s >= raw);
        if (step == 0)
            step = Math.Ceiling(raw / 86_400_000) * 86_400_000;
        var count = (int)Math.Ceiling(maxMs / step - 1e-9);
        return Enumerable.Range(0, count + 1).Select(i => i * step).ToArray();
    }

    /// <summary>Axis ticks at a "nice" step (1, 2 or 5 × 10^k) from 0 to at least <paramref name="max"/>.</summary>
    public static double[] Ticks(double max, int approximateCount = 5)
    {
        if (max <= 0 || double.IsNaN(max))
            return [0, 1];
        var raw = max / approximateCount;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(s => s * magnitude).First(s => s >= raw);
        var count = (int)Math.Ceiling(max / step - 1e-9);
        return Enumerable.Range(0, count + 1).Select(i => i * step).ToArray();
    }
}
