using Slipway.Build.Ci;
using Slipway.Build.Parameters;

namespace Slipway.Build.Tests.Ci.Builds;

[GitHubActions("token", On = [GitHubActionsTrigger.Push], InvokedTargets = ["Test"], ImportSecrets = ["GithubToken", "GithubApiKey"])]
internal sealed class TokenBuild : PipelineBuild
{
    [Parameter("The workflow's own token"), Secret]
    private readonly string? GithubToken = null;

    [Parameter("A key that cannot be a repository secret"), Secret]
    private readonly string? GithubApiKey = null;

    public string? Tokens => GithubToken + GithubApiKey;
}
