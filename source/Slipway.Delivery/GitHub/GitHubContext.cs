namespace Slipway.Delivery.GitHub;

/// <summary>
/// What GitHub deployment reporting needs, read from the GitHub Actions environment. The token is kept out of
/// <see cref="ToString"/> so it never reaches a log.
/// </summary>
public sealed record GitHubContext(string Token, string Owner, string Repository, string Sha, Uri ApiUrl, Uri ServerUrl, string? RunId)
{
    /// <summary>The Actions run page, used as the deployment status's log_url.</summary>
    public string? LogUrl => RunId is null ? null : $"{ServerUrl.ToString().TrimEnd('/')}/{Owner}/{Repository}/actions/runs/{RunId}";

    /// <summary>
    /// Reads GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_API_URL, GITHUB_SERVER_URL and GITHUB_RUN_ID.
    /// Returns null with the reason when not on GitHub (no token or repository); throws when a value is malformed.
    /// </summary>
    public static GitHubContext? FromEnvironment(Func<string, string?> environment, out string reason)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var token = environment("GITHUB_TOKEN");
        var repository = environment("GITHUB_REPOSITORY");
        var sha = environment("GITHUB_SHA");
        if (string.IsNullOrWhiteSpace(token) || string.IsNullOrWhiteSpace(repository) || string.IsNullOrWhiteSpace(sha))
        {
            var missing = new[] { ("GITHUB_TOKEN", token), ("GITHUB_REPOSITORY", repository), ("GITHUB_SHA", sha) }
                .Where(pair => string.IsNullOrWhiteSpace(pair.Item2)).Select(pair => pair.Item1);
            reason = $"GitHub deployments are off: {string.Join(", ", missing)} not set (not running on GitHub Actions).";
            return null;
        }

        var parts = repository.Split('/');
        var problems = new List<string>();
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"GITHUB_REPOSITORY '{repository}' is not 'owner/name'.");
        }

        var api = Parse(environment("GITHUB_API_URL") ?? "https://api.github.com", "GITHUB_API_URL", problems);
        var server = Parse(environment("GITHUB_SERVER_URL") ?? "https://github.com", "GITHUB_SERVER_URL", problems);
        if (problems.Count > 0)
        {
            throw new ArgumentException("The GitHub Actions environment is malformed: " + string.Join(" ", problems) + " Fix or unset these variables.");
        }

        reason = $"GitHub deployments on for {repository} at {api}.";
        var runId = environment("GITHUB_RUN_ID");
        return new GitHubContext(token, parts[0], parts[1], sha, api!, server!, string.IsNullOrWhiteSpace(runId) ? null : runId);
    }

    public override string ToString() => $"GitHubContext {{ Repository = {Owner}/{Repository}, Sha = {Sha}, ApiUrl = {ApiUrl}, Token = *** }}";

    private static Uri? Parse(string value, string name, List<string> problems)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        problems.Add($"{name} '{value}' is not an http(s) URL.");
        return null;
    }
}
