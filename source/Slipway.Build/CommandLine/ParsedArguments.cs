using Slipway.Build.Parameters;

namespace Slipway.Build.CommandLine;

/// <summary>The command line split into targets and options (keys normalised: <c>--no-logo</c> → <c>nologo</c>).</summary>
public sealed class ParsedArguments
{
    private ParsedArguments(IReadOnlyList<string> raw, List<string> targets, Dictionary<string, List<string>> options, Dictionary<string, string> spelled)
    {
        Raw = raw;
        Targets = targets;
        Options = options;
        Spelled = spelled;
    }

    public IReadOnlyList<string> Raw { get; }
    public IReadOnlyList<string> Targets { get; }
    public IReadOnlyDictionary<string, List<string>> Options { get; }

    /// <summary>Each option key as the user spelled it, for error messages.</summary>
    public IReadOnlyDictionary<string, string> Spelled { get; }

    public bool Has(string option) => Options.ContainsKey(ParameterNames.Key(option));

    public IReadOnlyList<string>? Values(string option) =>
        Options.TryGetValue(ParameterNames.Key(option), out var values) ? values : null;

    public string? Value(string option) => Values(option) is [var first, ..] ? first : null;

    /// <summary>Options that take exactly one value; what follows them is a target again.</summary>
    private static readonly HashSet<string> SingleValued = ["root", "verbosity", "parallel"];

    /// <summary>Engine options that never take a value: what follows them is a target.</summary>
    public static readonly IReadOnlySet<string> EngineFlags = new HashSet<string> { "plan", "help", "nologo", "continue", "generateci", "check" };

    /// <param name="flags">Keys of boolean options: they take a value only when it is true/false.</param>
    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string>? flags = null)
    {
        var targets = new List<string>();
        var options = new Dictionary<string, List<string>>();
        var spelled = new Dictionary<string, string>();
        List<string>? current = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2 || arg is "-h" or "-?")
            {
                var text = arg.TrimStart('-');
                string? inline = null;
                var equals = text.IndexOf('=');
                if (equals > 0)
                {
                    inline = text[(equals + 1)..];
                    text = text[..equals];
                }

                var key = arg is "-h" or "-?" ? "help" : ParameterNames.Key(text);
                if (!options.TryGetValue(key, out current))
                {
                    current = [];
                    options[key] = current;
                    spelled[key] = "--" + text;
                }

                if (inline is not null)
                    current.Add(inline);
                continue;
            }

            if (current is null)
            {
                targets.Add(arg);
                continue;
            }

            var owner = options.First(o => ReferenceEquals(o.Value, current)).Key;
            var isFlag = EngineFlags.Contains(owner) || (flags?.Contains(owner) == true && !bool.TryParse(arg, out _));
            if ((owner == "parallel" && !int.TryParse(arg, out _)) || isFlag)
            {
                targets.Add(arg);
                current = null;
                continue;
            }

            current.Add(arg);
            if (SingleValued.Contains(owner))
                current = null;
        }

        if (options.TryGetValue("target", out var named))
            targets.AddRange(named);
        return new ParsedArguments(args.ToList(), targets, options, spelled);
    }
}
