using Slipway.Build.Definition;
using Slipway.Build.Execution;
using Slipway.Build.Hosting;
using Slipway.Build.Parameters;

namespace Slipway.Build.CommandLine;

/// <summary>--help: targets with their dependencies (default marked) and descriptions; parameters with type, environment name and default.</summary>
internal static class HelpWriter
{
    public static void Write(BuildHost host, SlipwayBuild build, IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterMember> parameters, IReadOnlyList<ExecutableTarget> defaults)
    {
        var o = host.Output;
        o.WriteLine("Usage: ./build.sh [targets] [--parameter value ...]");
        o.WriteLine();
        o.WriteLine("Targets (-> direct dependencies):");
        var listed = targets.Where(t => t.IsListed).ToList();
        var width = listed.Select(t => t.Name.Length + (defaults.Contains(t) ? 10 : 0)).DefaultIfEmpty(0).Max() + 2;
        foreach (var target in listed)
        {
            var name = target.Name + (defaults.Contains(target) ? " (default)" : string.Empty);
            var dependencies = target.Dependencies.Count == 0 ? string.Empty : " -> " + string.Join(", ", target.Dependencies.Select(d => d.Name));
            o.WriteLine($"  {name.PadRight(width)}{target.Description}{dependencies}");
        }

        o.WriteLine();
        o.WriteLine("Parameters:");
        var rows = parameters.Select(p => (Option: $"{p.OptionName} <{ValueConverter.TypeName(p.Type)}>", Parameter: p)).ToList();
        var optionWidth = rows.Select(r => r.Option.Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var (option, parameter) in rows)
        {
            var value = parameter.GetValue(build);
            var current = parameter.IsSecret
                ? value is null ? "secret, unset" : "secret, set"
                : value is null ? "no default" : $"default: {Show(value)}";
            o.WriteLine($"  {option.PadRight(optionWidth)}{parameter.Description}");
            o.WriteLine($"  {string.Empty.PadRight(optionWidth)}env {parameter.EnvironmentName}; {current}; accepts {ValueConverter.Describe(parameter.Type)}");
        }

        o.WriteLine();
        o.WriteLine("Engine options:");
        foreach (var (name, help) in EngineOptions.All)
            o.WriteLine($"  {name.PadRight(22)}{help}");
    }

    private static string Show(object value) => value switch
    {
        Array array => array.Length == 0 ? "(none)" : string.Join(",", array.Cast<object>()),
        _ => value.ToString() ?? string.Empty,
    };
}
