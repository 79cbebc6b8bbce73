using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slipway.Build.Tests.Ci;

/// <summary>Reads generated YAML back with YamlDotNet so tests assert on structure, not on text.</summary>
internal static class YamlNavigation
{
    public static YamlMappingNode Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static YamlNode? Child(this YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static YamlMappingNode Map(this YamlNode node, string key) =>
        node.Child(key) as YamlMappingNode ?? throw new KeyNotFoundException($"No mapping '{key}' in:\n{node}");

    public static YamlSequenceNode Seq(this YamlNode node, string key) =>
        node.Child(key) as YamlSequenceNode ?? throw new KeyNotFoundException($"No sequence '{key}' in:\n{node}");

    public static string? Text(this YamlNode node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    public static IReadOnlyList<string> Texts(this YamlNode node, string key) =>
        node.Seq(key).Children.Cast<YamlScalarNode>().Select(s => s.Value!).ToList();

    public static IReadOnlyList<string> Keys(this YamlNode node) =>
        ((YamlMappingNode)node).Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!).ToList();

    /// <summary>The step whose name starts with <paramref name="namePrefix"/>.</summary>
    public static YamlMappingNode Step(this YamlNode job, string namePrefix) =>
        job.Seq("steps").Children.Cast<YamlMappingNode>().SingleOrDefault(s => s.Text("name")?.StartsWith(namePrefix, StringComparison.Ordinal) == true)
        ?? throw new KeyNotFoundException($"No step named '{namePrefix}…' in:\n{job}");

    public static IReadOnlyList<string> StepNames(this YamlNode job) =>
        job.Seq("steps").Children.Select(s => s.Text("name") ?? string.Empty).ToList();

    /// <summary>The YAML as JSON, plain scalars read by YAML 1.2's core schema (booleans, integers, null), for a JSON schema.</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}."),
    };
}
