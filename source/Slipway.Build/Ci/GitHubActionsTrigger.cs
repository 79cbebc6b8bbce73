namespace Slipway.Build.Ci;

/// <summary>Events that start a workflow without filters (filters such as <c>OnPushBranches</c> imply their event).</summary>
public enum GitHubActionsTrigger
{
    Push,
    PullRequest,
    WorkflowDispatch,
}
