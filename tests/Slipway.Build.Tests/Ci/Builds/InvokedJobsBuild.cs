using Slipway.Build.Ci;

namespace Slipway.Build.Tests.Ci.Builds;

[GitHubActions("jobs", On = [GitHubActionsTrigger.Push], InvokedTargets = ["Model", "Test", "Publish"], JobPerInvokedTarget = true, ImportSecrets = ["NuGetApiKey"])]
internal sealed class InvokedJobsBuild : PipelineBuild;
