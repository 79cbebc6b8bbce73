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
}
