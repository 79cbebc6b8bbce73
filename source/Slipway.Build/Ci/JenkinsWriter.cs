using System.Text;
using Slipway.Build.Parameters;

namespace Slipway.Build.Ci;

/// <summary>
/// Renders a Jenkins spec as a declarative <c>Jenkinsfile</c>: options, triggers, parameters, a stage per invoked target
/// (secrets bound by <c>withCredentials</c>, deploy stages holding a <c>lock</c>), and archiving in <c>post { always }</c>.
/// </summary>
internal static class JenkinsWriter
{
    public const string FileName = "Jenkinsfile";

    /// <summary>The plugins a generated Jenkinsfile uses beyond Jenkins' core.</summary>
    public static readonly IReadOnlyList<string> Plugins =
        ["Pipeline (workflow-aggregator)", "Credentials Binding (credentials-binding)", "Lockable Resources (lockable-resources)", "JUnit (junit)"];

    /// <summary>The ID of the "secret text" credential a secret parameter is read from: its name in kebab case.</summary>
    public static string CredentialId(ParameterMember parameter) => ParameterNames.Kebab(parameter.Name);

    public static string Write(PipelineSpec<JenkinsAttribute> spec)
    {
        var a = spec.Attribute;
        var text = new GroovyText();
        text.Line($"// {WorkflowWriter.HeaderMarker[2..]} from {spec.Describe}.");
        text.Line("// Change the attribute, not this file: ./build.sh --generate-ci --check fails while the two differ.");
        text.Line("// Plugins it needs:");
        foreach (var plugin in Plugins)
            text.Line($"//   {plugin}");
        if (spec.Secrets.Count > 0)
        {
            text.Line("// Secret text credentials it reads (credential ID: parameter, as its variable):");
            foreach (var secret in spec.Secrets)
                text.Line($"//   {CredentialId(secret)}: {secret.Name}, as {secret.EnvironmentName}");
        }

        text.Open("pipeline");
        text.Line(a.AgentLabel is null ? "agent any" : $"agent {{ label {Quote(a.AgentLabel)} }}");
        text.Open("options");
        if (a.TimeoutMinutes > 0)
            text.Line($"timeout(time: {a.TimeoutMinutes}, unit: 'MINUTES')");
        text.Line("disableConcurrentBuilds()");
        text.Close();
        if (a.Cron is { } cron)
        {
            text.Open("triggers");
            text.Line($"cron({Quote(string.Join(' ', cron.Split(' ', StringSplitOptions.RemoveEmptyEntries)))})");
            text.Close();
        }

        if (spec.Inputs.Count > 0)
        {
            text.Open("parameters");
            foreach (var input in spec.Inputs)
                text.Line($"string(name: {Quote(input.EnvironmentName)}, defaultValue: '', description: {Quote((input.Description.Length > 0 ? input.Description : input.Name) + " (empty: the build's default)")})");
            text.Close();
        }

        // Jenkins sets no CI variable of its own; the build reads it (Release configuration, server-build checks)
        text.Open("environment");
        text.Line("CI = 'true'");
        text.Close();

        text.Open("stages");
        var resource = a.LockResource ?? ParameterNames.Kebab(spec.BuildName) + "-deploy";
        foreach (var job in spec.Jobs)
        {
            text.Open($"stage({Quote(job.Name)})");
            if (spec.DeployJobs.Contains(job))
            {
                var conditions = a.DeployOnTags.Select(t => $"tag {Quote(t)}").Concat(a.DeployManually ? ["triggeredBy 'UserIdCause'"] : []).ToList();
                if (conditions.Count > 0)
                {
                    text.Open("when");
                    if (conditions.Count == 1)
                    {
                        text.Line(conditions[0]);
                    }
                    else
                    {
                        text.Open("anyOf");
                        foreach (var condition in conditions)
                            text.Line(condition);
                        text.Close();
                    }

                    text.Close();
                }

                text.Open("options");
                text.Line($"lock(resource: {Quote(resource)})");
                text.Close();
            }

            text.Open("steps");
            if (spec.Secrets.Count > 0)
            {
                text.Line("withCredentials([");
                text.Indented(spec.Secrets.Select((s, i) =>
                    $"string(credentialsId: {Quote(CredentialId(s))}, variable: {Quote(s.EnvironmentName)})" + (i < spec.Secrets.Count - 1 ? "," : string.Empty)));
                text.Open("])");
                text.Line($"sh {Quote(job.Command)}");
                text.Close();
            }
            else
            {
                text.Line($"sh {Quote(job.Command)}");
            }

            text.Close();
            text.Close();
        }

        text.Close();

        var produced = spec.Jobs.SelectMany(j => j.Produces).Distinct().ToList();
        if (produced.Count > 0 || a.JUnitReports.Length > 0)
        {
            text.Open("post");
            text.Open("always");
            var included = produced.Where(p => !p.StartsWith('!')).ToList();
            var excluded = produced.Where(p => p.StartsWith('!')).Select(p => p[1..]).ToList();
            if (included.Count > 0)
            {
                text.Line("archiveArtifacts(");
                text.Indented([
                    $"artifacts: {Quote(string.Join(", ", included))},",
                    .. excluded.Count > 0 ? [$"excludes: {Quote(string.Join(", ", excluded))},"] : Array.Empty<string>(),
                    "allowEmptyArchive: true"]);
                text.Line(")");
            }

            if (a.JUnitReports.Length > 0)
                text.Line($"junit(testResults: {Quote(string.Join(", ", a.JUnitReports))}, allowEmptyResults: true)");
            text.Close();
            text.Close();
        }

        text.Close();
        return text.ToString();
    }

    /// <summary>A single-quoted Groovy string: no interpolation, so <c>$</c> reaches the shell as written.</summary>
    internal static string Quote(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";

    private sealed class GroovyText
    {
        private readonly StringBuilder _builder = new();
        private int _depth;

        public void Line(string line) => _builder.Append(' ', _depth * 4).Append(line).Append('\n');

        public void Indented(IEnumerable<string> lines)
        {
            _depth++;
            foreach (var line in lines)
                Line(line);
            _depth--;
        }

        public void Open(string head)
        {
            Line(head + " {");
            _depth++;
        }

        public void Close()
        {
            _depth--;
            Line("}");
        }

        public override string ToString() => _builder.ToString();
    }
}
