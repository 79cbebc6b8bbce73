namespace Slipway.Build.Ci;

/// <summary>
/// Declares the declarative <c>Jenkinsfile</c> written by <c>./build.sh --generate-ci</c>: a stage per invoked target,
/// <c>withCredentials</c> for secrets, <c>lock</c> around deploy stages, artifacts and JUnit results archived after every build:
/// <code>
/// [Jenkins(InvokedTargets = ["Test", "Deploy"], ImportSecrets = ["RegistryPassword"], DeployTargets = ["Deploy"], TimeoutMinutes = 60)]
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class JenkinsAttribute : Attribute
{
    /// <summary>The targets to run, each in its own stage, in plan order.</summary>
    public string[] InvokedTargets { get; set; } = [];

    /// <summary>
    /// Parameter names read from Jenkins "secret text" credentials whose ID is the parameter's name in kebab case
    /// (<c>RegistryPassword</c> → <c>registry-password</c>), bound to the parameter's environment variable.
    /// </summary>
    public string[] ImportSecrets { get; set; } = [];

    /// <summary>Parameter names offered as string build parameters (empty by default, so the parameter keeps its own default).</summary>
    public string[] Inputs { get; set; } = [];

    /// <summary>Invoked targets whose stages hold the lock of <see cref="LockResource"/> (Lockable Resources plugin).</summary>
    public string[] DeployTargets { get; set; } = [];

    /// <summary>Deploy stages run only in builds of these tags (or started by a user, with <see cref="DeployManually"/>); neither: in every build.</summary>
    public string[] DeployOnTags { get; set; } = [];

    public bool DeployManually { get; set; }

    /// <summary>The lockable resource deploy stages hold; default: <c>&lt;build&gt;-deploy</c>.</summary>
    public string? LockResource { get; set; }

    /// <summary>Minutes after which the build is aborted; 0 sets no timeout.</summary>
    public int TimeoutMinutes { get; set; }

    /// <summary>A cron expression (five fields, Jenkins' <c>H</c> allowed) for <c>triggers { cron(...) }</c>.</summary>
    public string? Cron { get; set; }

    /// <summary>The agent label; null runs on any agent.</summary>
    public string? AgentLabel { get; set; }

    /// <summary>JUnit XML files the <c>junit</c> step records after every build.</summary>
    public string[] JUnitReports { get; set; } = [];
}
