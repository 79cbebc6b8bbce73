using YamlDotNet.Serialization;

namespace Slipway.Delivery.Tests.Monitoring;

/// <summary>Reads generated YAML into dictionaries and lists, so tests assert on structure rather than on text.</summary>
public static class YamlText
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().Build();

    private static readonly ISerializer Writer = new SerializerBuilder().Build();

    public static Dictionary<object, object> Read(string yaml) => Reader.Deserialize<Dictionary<object, object>>(yaml);

    public static string Write(object value) => Writer.Serialize(value);

    public static Dictionary<object, object> Map(this object value, string key) => (Dictionary<object, object>)((Dictionary<object, object>)value)[key];

    public static List<object> List(this object value, string key) => (List<object>)((Dictionary<object, object>)value)[key];

    public static string Text(this object value, string key) => (string)((Dictionary<object, object>)value)[key];

    public static bool Has(this object value, string key) => ((Dictionary<object, object>)value).ContainsKey(key);
}
