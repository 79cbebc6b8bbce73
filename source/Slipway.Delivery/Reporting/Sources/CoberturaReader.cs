using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Reporting.Sources;

/// <summary>
/// Reads every <c>coverage.cobertura.xml</c> below a folder and merges them line by line: a project covered by
/// several test projects counts a line as covered when any of them covered it.
/// </summary>
internal static partial class CoberturaReader
{
    public static CoverageSection Read(string? directory, PathDisplay display, ICollection<string> warnings)
    {
        if (directory is null || !Directory.Exists(directory))
            return new CoverageSection { Reason = $"No test results directory at '{display.Show(directory)}'; the Test target writes coverage there." };
        var files = Directory.GetFiles(directory, "coverage.cobertura.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            return new CoverageSection { Reason = $"No coverage.cobertura.xml below '{display.Show(directory)}'; run the Test target with coverage (coverlet.collector, --collect \"XPlat Code Coverage\")." };

        // package → (file, line) → (hits, branches covered, branches total)
        var packages = new SortedDictionary<string, Dictionary<(string File, int Line), (long Hits, int Covered, int Total)>>(StringComparer.Ordinal);
        var read = 0;
        foreach (var file in files)
        {
            XDocument document;
            try
            {
                document = XDocument.Load(file);
            }
            catch (XmlException exception)
            {
                warnings.Add($"Coverage '{display.Show(file)}' is not valid XML ({exception.Message}); left out.");
                continue;
            }
            read++;
            foreach (var package in document.Descendants("package"))
            {
                var name = (string?)package.Attribute("name") ?? "(unnamed)";
                if (!packages.TryGetValue(name, out var lines))
                    packages[name] = lines = [];
                foreach (var @class in package.Descendants("class"))
                {
                    var fileName = (string?)@class.Attribute("filename") ?? (string?)@class.Attribute("name") ?? "";
                    foreach (var line in @class.Elements("lines").Elements("line"))
                    {
                        if (!int.TryParse((string?)line.Attribute("number"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                            continue;
                        _ = long.TryParse((string?)line.Attribute("hits"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var hits);
                        var (covered, total) = Conditions((string?)line.Attribute("condition-coverage"));
                        var key = (fileName, number);
                        lines[key] = lines.TryGetValue(key, out var seen)
                            ? (Math.Max(seen.Hits, hits), Math.Max(seen.Covered, covered), Math.Max(seen.Total, total))
                            : (hits, covered, total);
                    }
                }
            }
        }
        if (read == 0)
            return new CoverageSection { Reason = $"None of the {files.Length} coverage files below '{display.Show(directory)}' could be read; see the warnings." };

        var projects = packages.Select(p => Project(p.Key, p.Value.Values)).ToArray();
        int linesCovered = projects.Sum(p => p.LinesCovered), linesValid = projects.Sum(p => p.LinesValid);
        int branchesCovered = projects.Sum(p => p.BranchesCovered), branchesValid = projects.Sum(p => p.BranchesValid);
        return new CoverageSection
        {
            LineRate = Rate(linesCovered, linesValid),
            BranchRate = Rate(branchesCovered, branchesValid),
            LinesCovered = linesCovered,
            LinesValid = linesValid,
            BranchesCovered = branchesCovered,
            BranchesValid = branchesValid,
            Projects = projects,
        };
    }

    private static ProjectCoverage Project(string name, ICollection<(long Hits, int Covered, int Total)> lines)
    {
        var linesValid = lines.Count;
        var linesCovered = lines.Count(l => l.Hits > 0);
        var branchesValid = lines.Sum(l => l.Total);
        var branchesCovered = lines.Sum(l => l.Covered);
        return new ProjectCoverage(name, Rate(linesCovered, linesValid), Rate(branchesCovered, branchesValid), linesCovered, linesValid, branchesCovered, branchesValid);
    }

    private static (int Covered, int Total) Conditions(string? conditionCoverage)
    {
        if (conditionCoverage is not null && ConditionPattern().Match(conditionCoverage) is { Success: true } match)
            return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        return (0, 0);
    }

    private static double? Rate(int covered, int valid) => valid == 0 ? null : Math.Round((double)covered / valid, 4);

    [GeneratedRegex(@"\((\d+)/(\d+)\)")]
    private static partial Regex ConditionPattern();
}
