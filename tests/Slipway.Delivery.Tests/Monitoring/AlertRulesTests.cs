using Slipway.Delivery.Analysis;
using Slipway.Delivery.Monitoring;

namespace Slipway.Delivery.Tests.Monitoring;

public sealed class AlertRulesTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan For = TimeSpan.FromSeconds(30);

    [Fact]
    public void WatchesTheServiceAndTheModelOnceAndTheSlosOfEachColour()
    {
        // Act
        var rules = Rules(new AnalysisDefinition());

        // Assert
        rules.Select(rule => (rule.Text("alert"), rule.Map("labels").GetValueOrDefault("colour") as string)).ShouldBe(
        [
            (AlertRules.ServiceDown, null),
            (AlertRules.ErrorRateOverSlo, "blue"),
            (AlertRules.P99OverSlo, "blue"),
            (AlertRules.ErrorRateOverSlo, "green"),
            (AlertRules.P99OverSlo, "green"),
            (AlertRules.ModelNotReady, null),
        ]);
    }

    [Fact]
    public void JudgesTheErrorRateWithTheAnalysisQueriesAndThreshold()
    {
        // Arrange
        var analysis = new AnalysisDefinition { MinSuccessRate = 0.95, MinRequests = 50 };
        var blue = AnalysisDefinition.ColourSelector("blue");

        // Act
        var rule = Rule(Rules(analysis), AlertRules.ErrorRateOverSlo, "blue");

        // Assert
        rule.Text("expr").ShouldBe($"({AnalysisDefinition.SuccessRateQuery(blue, Window)}) < 0.95 and {AnalysisDefinition.RequestsQuery(blue, Window)} >= 50");
    }

    [Fact]
    public void JudgesTheP99WithTheAnalysisQueryAndBound()
    {
        // Arrange
        var analysis = new AnalysisDefinition { MaxP99 = TimeSpan.FromMilliseconds(250) };
        var green = AnalysisDefinition.ColourSelector("green");

        // Act
        var rule = Rule(Rules(analysis), AlertRules.P99OverSlo, "green");

        // Assert
        rule.Text("expr").ShouldBe($"({AnalysisDefinition.P99Query(green, Window)}) > 0.25 and {AnalysisDefinition.RequestsQuery(green, Window)} >= 20");
    }

    [Fact]
    public void TakesItsWindowAndForFromTheCaller()
    {
        // Act
        var rules = YamlText.Read(AlertRules.Render(new AnalysisDefinition(), TimeSpan.FromSeconds(5), TimeSpan.Zero)).List("groups")
            .SelectMany(group => group.List("rules")).ToList();

        // Assert
        rules.ShouldAllBe(rule => rule.Text("for") == "0s");
        Rule(rules, AlertRules.ErrorRateOverSlo, "blue").Text("expr").ShouldContain("[5s]");
        Rule(rules, AlertRules.ErrorRateOverSlo, "blue").Text("expr").ShouldNotContain("[60s]");
    }

    [Fact]
    public void SummariesNameTheColourAndTheValue()
    {
        // Act
        var rules = Rules(new AnalysisDefinition());

        // Assert
        foreach (var rule in rules)
        {
            var annotations = rule.Map("annotations");
            annotations.Text("description").ShouldNotBeNullOrWhiteSpace();
            var summary = annotations.Text("summary");
            if (rule.Map("labels").TryGetValue("colour", out var colour))
            {
                summary.ShouldContain((string)colour);
                summary.ShouldContain("{{ $value");
            }
            else
            {
                summary.ShouldContain("{{ $labels.colour }}");
            }
        }
    }

    [Fact]
    public void TellsTheSeverityOfEachAlert()
    {
        // Act
        var rules = Rules(new AnalysisDefinition());

        // Assert
        rules.ToLookup(rule => rule.Text("alert"), rule => rule.Map("labels").Text("severity")).ToDictionary(g => g.Key, g => g.Distinct().Single()).ShouldBe(new Dictionary<string, string>
        {
            [AlertRules.ServiceDown] = "critical",
            [AlertRules.ErrorRateOverSlo] = "critical",
            [AlertRules.P99OverSlo] = "warning",
            [AlertRules.ModelNotReady] = "warning",
        }, ignoreOrder: true);
    }

    [Fact]
    public void RefusesAnInvalidDefinitionNamingTheProblem()
    {
        // Act
        var refusal = Should.Throw<ArgumentException>(() => AlertRules.Render(new AnalysisDefinition { MinSuccessRate = 2 }, Window, For));

        // Assert
        refusal.Message.ShouldContain("MinSuccessRate 2");
    }

    private static List<object> Rules(AnalysisDefinition analysis) =>
        YamlText.Read(AlertRules.Render(analysis, Window, For)).List("groups").SelectMany(group => group.List("rules")).ToList();

    private static object Rule(IEnumerable<object> rules, string alert, string colour) =>
        rules.Single(rule => rule.Text("alert") == alert && rule.Map("labels").GetValueOrDefault("colour") as string == colour);
}
