using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[GitHubActions(
    "release",
    OnWorkflowDispatchRequiredInputs = ["ReleaseVersion"],
    OnWorkflowDispatchOptionalInputs = ["Configuration"],
    InvokedTargets = ["Publish"],
    ImportSecrets = ["NuGetApiKey"])]
[GitHubActions("nightly", OnCronSchedule = "0 3 * * 1-5", On = [GitHubActionsTrigger.WorkflowDispatch], InvokedTargets = ["Test", "Report"])]
internal sealed class DispatchBuild : PipelineBuild;
