using System.Text.Json;
using Slipway.Build.Execution;
using Slipway.Build.Tools;
using Slipway.Tooling;

namespace Slipway.Build.Parameters;

/// <summary>
/// Sets the build's parameters from, highest first: command line, environment,
/// <c>.nuke/parameters.&lt;profile&gt;.json</c> (later profiles win), <c>.nuke/parameters.json</c>, the initializer.
/// A secret's value in a file may be encrypted (<see cref="SecretCipher"/>); it is decrypted in memory only when it is the
/// value used. Every problem is gathered into one usage error.
/// </summary>
internal sealed class ParameterService(AbsolutePath root, IReadOnlyDictionary<string, string> environment, SecretsPassword? password = null, bool isServer = false)
{
    private SecretCipher? _cipher;

    public const string EnvironmentPrefix = "SLIPWAY_";

    public void Apply(object build, IReadOnlyList<ParameterMember> parameters, IReadOnlyDictionary<string, List<string>> options, IReadOnlyList<string> profiles)
    {
        var problems = new List<string>();
        var files = LoadFiles(parameters, profiles, problems);
        foreach (var parameter in parameters)
        {
            var (values, source) = Find(parameter, options, files);
            if (values is null)
                continue;
            if (values.Any(SecretCipher.IsEncrypted))
            {
                values = Decrypt(parameter, values, source, problems);
                if (values is null)
                    continue;
            }
            var value = ValueConverter.Convert(values, parameter.Type, parameter.Attribute.Separator, root, out var error);
            if (error is not null)
            {
                var shown = parameter.IsSecret ? "(secret value hidden)" : $"'{string.Join(" ", values)}'";
                problems.Add($"Parameter '{parameter.Name}' from {source} has the value {shown}: {error}. Accepted: {ValueConverter.Describe(parameter.Type)}.");
                continue;
            }

            parameter.SetValue(build, value);
            if (parameter.IsSecret)
                SecretRedactor.Register(values.ToArray());
        }

        if (problems.Count > 0)
            throw new BuildUsageException(string.Join(Environment.NewLine, problems));
    }

    private List<string>? Decrypt(ParameterMember parameter, IReadOnlyList<string> values, string source, List<string> problems)
    {
        var where = $"Parameter '{parameter.Name}' in {source}";
        if (!parameter.IsSecret)
        {
            problems.Add($"{where} has an encrypted value, but only a [Secret] parameter may: its value would be logged. Write it in plain text, or mark the parameter [Secret].");
            return null;
        }
        if (_cipher is null)
        {
            var secret = password?.Get();
            if (secret is null)
            {
                problems.Add($"{where} is encrypted, and there is no password to decrypt it: {SecretsPassword.Missing(isServer)} " +
                    $"Or give the value through the environment ({parameter.EnvironmentName}) or the command line ({parameter.OptionName}), which win over the file.");
                return null;
            }
            _cipher = new SecretCipher(secret);
        }
        try
        {
            return [.. values.Select(value => SecretCipher.IsEncrypted(value) ? _cipher.Decrypt(value, parameter.Name, where) : value)];
        }
        catch (SecretDecryptionException exception)
        {
            problems.Add(exception.Message);
            return null;
        }
    }

    private (IReadOnlyList<string>? Values, string Source) Find(
        ParameterMember parameter,
        IReadOnlyDictionary<string, List<string>> options,
        IReadOnlyList<(string Source, Dictionary<string, List<string>> Values)> files)
    {
        if (options.TryGetValue(parameter.Key, out var fromCommandLine))
            return (fromCommandLine, $"the command line ({parameter.OptionName})");

        foreach (var name in new[] { parameter.Name, parameter.EnvironmentName, EnvironmentPrefix + parameter.EnvironmentName })
        {
            if (environment.TryGetValue(name, out var fromEnvironment) && fromEnvironment.Length > 0)
                return ([fromEnvironment], $"the environment variable {name}");
        }

        foreach (var (source, values) in files)
        {
            if (values.TryGetValue(parameter.Key, out var fromFile))
                return (fromFile, source);
        }

        return (null, string.Empty);
    }

    /// <summary>Profiles first (last named wins), then parameters.json.</summary>
    private List<(string Source, Dictionary<string, List<string>> Values)> LoadFiles(
        IReadOnlyList<ParameterMember> parameters, IReadOnlyList<string> profiles, List<string> problems)
    {
        var directory = root / ".nuke";
        var names = profiles.Reverse().Select(p => $"parameters.{p}.json").Append("parameters.json");
        var result = new List<(string, Dictionary<string, List<string>>)>();
        foreach (var name in names)
        {
            var path = directory / name;
            if (!path.FileExists())
            {
                if (name != "parameters.json")
                {
                    var available = Directory.Exists(directory)
                        ? Directory.GetFiles(directory, "parameters.*.json").Select(f => Path.GetFileName(f)[11..^5]).ToList()
                        : [];
                    problems.Add($"Profile file '.nuke/{name}' does not exist. " +
                        (available.Count > 0 ? $"Available profiles: {string.Join(", ", available)}." : "Create it next to .nuke/parameters.json."));
                }

                continue;
            }

            var values = Read(path, parameters, problems);
            if (values is not null)
                result.Add(($".nuke/{name}", values));
        }

        return result;
    }

    private static Dictionary<string, List<string>>? Read(AbsolutePath path, IReadOnlyList<ParameterMember> parameters, List<string> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            problems.Add($"'{path.Name}' is not valid JSON: {e.Message} Fix the file or delete it.");
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"'{path.Name}' must contain a JSON object of parameter names and values.");
                return null;
            }

            var result = new Dictionary<string, List<string>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith('$'))
                    continue;
                var key = ParameterNames.Key(property.Name);
                if (parameters.All(p => p.Key != key))
                {
                    var suggestion = NearestMatch.Find(property.Name, parameters.Select(p => p.Name));
                    problems.Add($"'{path.Name}' sets unknown parameter '{property.Name}'." + (suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?"));
                    continue;
                }

                result[key] = property.Value.ValueKind switch
                {
                    JsonValueKind.Array => property.Value.EnumerateArray().Select(Text).ToList(),
                    _ => [Text(property.Value)],
                };
            }

            return result;
        }
    }

    private static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => element.GetRawText(),
    };
}
