using System.Text.Json;
using System.Text.Json.Nodes;
using Serilog.Events;
using Slipway.Build.Execution;
using Slipway.Build.Hosting;
using Slipway.Build.Tools;

namespace Slipway.Build.Parameters;

/// <summary>
/// <c>./build.sh --secrets A B</c>: asks for the value of each named [Secret] parameter (not echoed; one line each from
/// standard input when it is not a terminal) and stores it encrypted (<see cref="SecretCipher"/>) in
/// <c>.nuke/parameters.json</c>, or in <c>.nuke/parameters.&lt;profile&gt;.json</c> with one <c>--profile</c>. The plaintext
/// stays in memory; only ciphertext is written. Every encrypted value already in the file must open with the password,
/// so one file never mixes passwords.
/// </summary>
internal static class SecretsCommand
{
    public static int Run(AbsolutePath root, IReadOnlyList<string> names, IReadOnlyList<string> profiles, IReadOnlyList<ParameterMember> parameters,
        SecretsPassword password, Func<string, string?>? prompt, TextReader? pipedInput, BuildHost host)
    {
        var secrets = parameters.Where(p => p.IsSecret).ToList();
        var available = secrets.Count == 0 ? "the build has none" : "secret parameters: " + string.Join(", ", secrets.Select(p => p.Name));
        if (names.Count == 0)
            throw new BuildUsageException($"--secrets needs the names of the parameters to store, e.g. ./build.sh --secrets {secrets.FirstOrDefault()?.Name ?? "RegistryPassword"} ({available}).");
        var chosen = new List<ParameterMember>();
        var problems = new List<string>();
        foreach (var name in names)
        {
            if (parameters.FirstOrDefault(p => p.Key == ParameterNames.Key(name)) is not { } parameter)
                problems.Add($"--secrets: there is no parameter '{name}' ({available}).");
            else if (!parameter.IsSecret)
                problems.Add($"--secrets: '{parameter.Name}' is not a [Secret] parameter, so it is not stored encrypted; write it in plain text ({available}).");
            else if (!chosen.Contains(parameter))
                chosen.Add(parameter);
        }
        if (profiles.Count > 1)
            problems.Add("--secrets writes one file: pass at most one --profile.");
        if (problems.Count > 0)
            throw new BuildUsageException(string.Join(Environment.NewLine, problems));

        var file = profiles.Count == 1 ? $"parameters.{profiles[0]}.json" : "parameters.json";
        var path = root / ".nuke" / file;
        var document = Load(path);
        var secret = password.Get(confirm: !HasEncryptedValues(document)) ?? throw new BuildUsageException(
            $"--secrets needs a password to encrypt with: {SecretsPassword.Missing(host.IsServer)}");
        var cipher = new SecretCipher(secret);
        VerifyExisting(document, parameters, cipher, file);

        var salt = SecretCipher.NewSalt();
        foreach (var parameter in chosen)
        {
            var value = prompt is not null ? prompt($"Value of {parameter.Name} (not shown): ") : pipedInput?.ReadLine();
            if (string.IsNullOrEmpty(value))
                throw new BuildUsageException($"--secrets: no value was given for {parameter.Name}; nothing was stored. Type it when asked, or pipe one line per parameter.");
            Tooling.SecretRedactor.Register([value]);
            foreach (var spelled in document.Select(p => p.Key).Where(k => ParameterNames.Key(k) == parameter.Key).ToList())
                document.Remove(spelled);
            document[parameter.Name] = cipher.Encrypt(value, parameter.Name, salt);
        }

        Write(path, document);
        host.WriteLog(LogEventLevel.Information,
            $"Stored {string.Join(", ", chosen.Select(p => p.Name))} encrypted in .nuke/{file} (AES-256-GCM, key from PBKDF2-SHA256 with {SecretCipher.DefaultIterations:N0} iterations). The build decrypts them with {SecretsPassword.Variable} or the password it asks for.",
            null);
        return BuildRunner.Success;
    }

    private static JsonObject Load(AbsolutePath path)
    {
        if (!path.FileExists())
            return new JsonObject { ["$schema"] = "./build.schema.json" };
        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new BuildUsageException($"'{path.Name}' must contain a JSON object of parameter names and values.");
        }
        catch (JsonException exception)
        {
            throw new BuildUsageException($"'{path.Name}' is not valid JSON: {exception.Message} Fix the file before storing secrets in it.");
        }
    }

    private static bool HasEncryptedValues(JsonObject document) =>
        document.Any(p => Strings(p.Value).Any(SecretCipher.IsEncrypted));

    private static void VerifyExisting(JsonObject document, IReadOnlyList<ParameterMember> parameters, SecretCipher cipher, string file)
    {
        foreach (var (name, node) in document)
        {
            if (parameters.FirstOrDefault(p => p.Key == ParameterNames.Key(name)) is not { } parameter)
                continue;
            foreach (var value in Strings(node).Where(SecretCipher.IsEncrypted))
            {
                try
                {
                    cipher.Decrypt(value, parameter.Name, $"Parameter '{parameter.Name}' in .nuke/{file}");
                }
                catch (SecretDecryptionException exception)
                {
                    throw new BuildUsageException($"{exception.Message} A file keeps one password: nothing was stored. Use the password its values were stored with, or remove them from the file first.");
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        JsonArray array => array.SelectMany(Strings),
        _ => [],
    };

    private static void Write(AbsolutePath path, JsonObject document)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + Environment.NewLine);
        File.Move(temporary, path, overwrite: true);
    }
}
