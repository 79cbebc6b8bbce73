using System.Reflection;

namespace Slipway.Build.Parameters;

/// <summary>A field or property of the build marked with <see cref="ParameterAttribute"/>.</summary>
public sealed class ParameterMember
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private ParameterMember(MemberInfo member, ParameterAttribute attribute)
    {
        Member = member;
        Attribute = attribute;
        Name = attribute.Name ?? member.Name;
        Type = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
        IsSecret = member.GetCustomAttribute<SecretAttribute>() is not null;
    }

    public MemberInfo Member { get; }
    public ParameterAttribute Attribute { get; }
    public string Name { get; }
    public Type Type { get; }
    public bool IsSecret { get; }
    public string Description => Attribute.Description ?? string.Empty;
    public string OptionName => "--" + ParameterNames.Kebab(Name);
    public string EnvironmentName => ParameterNames.ScreamingSnake(Name);
    public string Key => ParameterNames.Key(Name);

    public static IReadOnlyList<ParameterMember> Discover(Type buildType) =>
        buildType.GetMembers(Members | BindingFlags.FlattenHierarchy)
            .Where(m => m is FieldInfo or PropertyInfo)
            .Select(m => (Member: m, Attribute: m.GetCustomAttribute<ParameterAttribute>()))
            .Where(x => x.Attribute is not null)
            .OrderBy(x => x.Member.MetadataToken)
            .Select(x => new ParameterMember(x.Member, x.Attribute!))
            .ToList();

    public object? GetValue(object build) => Member switch
    {
        FieldInfo f => f.GetValue(build),
        PropertyInfo p => p.GetValue(build),
        _ => null,
    };

    public void SetValue(object build, object? value)
    {
        switch (Member)
        {
            case FieldInfo field:
                field.SetValue(build, value);
                break;
            case PropertyInfo { SetMethod: not null } property:
                property.SetValue(build, value);
                break;
            case PropertyInfo property:
                var backing = property.DeclaringType!.GetField($"<{property.Name}>k__BackingField", Members)
                    ?? throw new InvalidOperationException($"Parameter '{Name}' is a property without a setter; give it a setter or make it a field.");
                backing.SetValue(build, value);
                break;
        }
    }
}
