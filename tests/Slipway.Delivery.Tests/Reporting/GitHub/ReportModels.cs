using Slipway.Delivery.Reporting.Model;

namespace Slipway.Delivery.Tests.Reporting.GitHub;

/// <summary>Report models built in code, for tests that need one detail only.</summary>
internal static class ReportModels
{
    public static ReportModel WithHeadline(string outcome, string summary) => new()
    {
        GeneratedAt = ReportFixtures.Now,
        Headline = new Headline(outcome, summary, null),
        Run = new RunSection { Reason = "none" },
        Tests = new TestsSection { Reason = "none" },
        Coverage = new CoverageSection { Reason = "none" },
        Image = new ImageSection { Reason = "none" },
        Models = new ModelsSection { Reason = "none" },
        Deployment = new DeploymentSection { Reason = "none" },
        Latency = new LatencySection { Reason = "none" },
        Delivery = new DeliverySection { Reason = "none" },
        Trend = new TrendSection { Reason = "none" },
    };
}
