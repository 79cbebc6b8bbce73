using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Build.Definition;
using Slipway.Build.Parameters;
using Slipway.Build.Tools;

namespace Slipway.Build.Schema;

/// <summary>
/// Keeps <c>.nuke/build.schema.json</c> (NUKE's format: JSON Schema draft-04 with an ExecutableTarget enum and the
/// user's parameters) and <c>build/Properties/launchSettings.json</c> (a profile per listed target) in sync with the build.
/// </summary>
public static class SchemaWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteIfChanged(AbsolutePath root, IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterMember> parameters)
    {
        if (!(root / ".nuke").DirectoryExists())
            return;
        WriteIfDifferent(root / ".nuke" / "build.schema.json", Schema(targets, parameters));
        if ((root / "build").DirectoryExists())
            WriteIfDifferent(root / "build" / "Properties" / "launchSettings.json", LaunchSettings(targets));
    }

    public static string Schema(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterMember> parameters)
    {
        var targetNames = new JsonArray(targets.Where(t => t.IsListed).Select(t => (JsonNode)t.Name).ToArray());
        var userProperties = new JsonObject();
        foreach (var parameter in parameters)
        {
            var property = TypeSchema(parameter.Type);
            property["description"] = parameter.Description;
            if (parameter.IsSecret)
                property["default"] = "Secrets must be set through the environment or a CI secret, or stored encrypted with ./build.sh --secrets and its name; never in plain text in this file";
            userProperties[parameter.Name] = property;
        }

        var engine = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["Continue"] = Described("boolean", "Rerun the last failed invocation, skipping targets that already succeeded"),
                ["Help"] = Described("boolean", "Shows the help text for this build assembly"),
                ["NoLogo"] = Described("boolean", "Disables displaying the logo"),
                ["Parallel"] = Described("integer", "Runs independent targets concurrently"),
                ["Plan"] = Described("boolean", "Shows the execution plan"),
                ["Profile"] = new JsonObject { ["type"] = "array", ["description"] = "Also reads .nuke/parameters.<profile>.json", ["items"] = new JsonObject { ["type"] = "string" } },
                ["Root"] = Described("string", "Root directory during build execution"),
                ["Skip"] = TargetArray("List of targets to be skipped. Empty list skips all dependencies"),
                ["Force"] = TargetArray("Targets whose up-to-date cache is ignored. Empty list forces all"),
                ["Target"] = TargetArray("List of targets to be invoked. Default is '{default_target}'"),
                ["Verbosity"] = new JsonObject { ["type"] = "string", ["description"] = "Logging verbosity during build execution", ["enum"] = new JsonArray("Verbose", "Normal", "Minimal", "Quiet") },
            },
        };

        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-04/schema#",
            ["definitions"] = new JsonObject
            {
                ["ExecutableTarget"] = new JsonObject { ["type"] = "string", ["enum"] = targetNames },
                ["SlipwayBuild"] = engine,
            },
            ["allOf"] = new JsonArray(
                new JsonObject { ["properties"] = userProperties },
                new JsonObject { ["$ref"] = "#/definitions/SlipwayBuild" }),
        };
        return schema.ToJsonString(Indented) + "\n";
    }

    public static string LaunchSettings(IReadOnlyList<ExecutableTarget> targets)
    {
        var profiles = new JsonObject();
        foreach (var target in targets.Where(t => t.IsListed))
        {
            profiles[target.Name] = new JsonObject
            {
                ["commandName"] = "Project",
                ["commandLineArgs"] = target.Name,
                ["workingDirectory"] = "$(ProjectDir)..",
            };
        }

        return new JsonObject { ["profiles"] = profiles }.ToJsonString(Indented) + "\n";
    }

    private static JsonObject TypeSchema(Type type)
    {
        if (type.IsArray)
            return new JsonObject { ["type"] = "array", ["items"] = TypeSchema(type.GetElementType()!) };
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Enum.GetNames(t).Select(n => (JsonNode)n).ToArray()) };
        var name = t == typeof(bool) ? "boolean"
            : t == typeof(int) || t == typeof(long) || t == typeof(short) ? "integer"
            : t == typeof(double) || t == typeof(float) || t == typeof(decimal) ? "number"
            : "string";
        return new JsonObject { ["type"] = name };
    }

    private static JsonObject Described(string type, string description) => new() { ["type"] = type, ["description"] = description };

    private static JsonObject TargetArray(string description) => new()
    {
        ["type"] = "array",
        ["description"] = description,
        ["items"] = new JsonObject { ["$ref"] = "#/definitions/ExecutableTarget" },
    };

    private static void WriteIfDifferent(AbsolutePath path, string content)
    {
        if (path.FileExists() && path.ReadAllText() == content)
            return;
        path.WriteAllText(content);
    }
}
