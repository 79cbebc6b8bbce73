using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Slipway.Build.Definition;
using Slipway.Build.Parameters;

namespace Slipway.Build.Execution;

/// <summary>
/// What a target is, for its up-to-date check: its own definition (description, inputs, outputs, the targets it
/// names) and the code it runs — its IL and, transitively, the IL of every method of the build assembly it calls —
/// plus the values of the parameters that code reads. An edit to another target, or to a parameter this target
/// never reads, leaves its identity unchanged.
/// </summary>
internal static partial class TargetIdentity
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The identity of <paramref name="target"/>; the members it reads decide which parameters count.</summary>
    public static string Of(object build, ExecutableTarget target, IReadOnlyList<ParameterMember> parameters)
    {
        var walk = new Walk(build.GetType());
        walk.Method(target.Member.GetMethod!);

        var text = new StringBuilder();
        text.Append("target ").AppendLine(target.Name);
        foreach (var glob in target.Inputs)
            text.Append("input ").AppendLine(glob);
        foreach (var glob in target.Outputs)
            text.Append("output ").AppendLine(glob);
        text.Append("code ").AppendLine(Convert.ToHexString(walk.Hash()));
        foreach (var parameter in parameters.Where(p => !p.IsSecret && walk.Reads(p.Member)))
            text.Append("parameter ").Append(parameter.Name).Append('=').AppendLine(RunRecord.Text(parameter.GetValue(build)));
        return text.ToString();
    }

    private sealed partial class Walk(Type buildType)
    {
        private readonly Assembly _assembly = buildType.Assembly;
        private readonly HashSet<MethodBase> _visited = [];
        private readonly HashSet<MemberInfo> _read = [];
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Hash() => _hash.GetHashAndReset();

        public bool Reads(MemberInfo member) => member switch
        {
            FieldInfo field => _read.Contains(field),
            PropertyInfo property => property.GetMethod is { } getter && _read.Contains(getter),
            _ => false,
        };

        public void Method(MethodBase method)
        {
            if (method.Module.Assembly != _assembly || !_visited.Add(method))
                return;
            Append("method " + Name(method));
            if (method.GetCustomAttribute<StateMachineAttribute>() is { StateMachineType: { } machine }
                && machine.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } moveNext)
                Method(moveNext);
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is not null)
                Instructions(method, il);
        }

        private void Instructions(MethodBase method, byte[] il)
        {
            var typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
            var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
            var position = 0;
            while (position < il.Length)
            {
                short value = il[position++];
                if (value == 0xFE && position < il.Length)
                    value = unchecked((short)(0xFE00 | il[position++]));
                if (!OpCodesByValue.TryGetValue(value, out var opcode))
                {
                    Append("?" + value);
                    continue;
                }

                Append(opcode.Name!);
                switch (opcode.OperandType)
                {
                    case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                        Member(method.Module, BitConverter.ToInt32(il, position), typeArguments, methodArguments);
                        position += 4;
                        break;
                    case OperandType.InlineString:
                        Append("\"" + method.Module.ResolveString(BitConverter.ToInt32(il, position)) + "\"");
                        position += 4;
                        break;
                    case OperandType.InlineSwitch:
                        var cases = BitConverter.ToInt32(il, position);
                        _hash.AppendData(il, position, 4 + cases * 4);
                        position += 4 + cases * 4;
                        break;
                    default:
                        var size = OperandSize(opcode.OperandType);
                        _hash.AppendData(il, position, size);
                        position += size;
                        break;
                }
            }
        }

        private void Member(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
        {
            MemberInfo? member;
            try
            {
                member = module.ResolveMember(token, typeArguments, methodArguments);
            }
            catch (ArgumentException)
            {
                member = null;
            }

            switch (member)
            {
                case null:
                    Append("token " + token);
                    break;
                case MethodBase called:
                    Append(Name(called));
                    _read.Add(called is MethodInfo { IsGenericMethod: true } generic ? generic.GetGenericMethodDefinition() : called);
                    // another target's getter is a reference to it, not part of this target
                    if (called is not MethodInfo { ReturnType: var returned } || returned != typeof(Target))
                        Method(called is MethodInfo { IsGenericMethod: true } g ? g.GetGenericMethodDefinition() : called);
                    break;
                case FieldInfo field:
                    Append(Name(field));
                    _read.Add(field);
                    // a static readonly field of the build (a list of inputs, a suite) is part of the definition: its value counts
                    if (field is { IsStatic: true, IsInitOnly: true } && field.DeclaringType == buildType)
                        Append(ValueText(field.GetValue(null)));
                    break;
                default:
                    Append(member is Type t ? TypeName(t) : member.Name);
                    break;
            }
        }

        private string Name(MemberInfo member) => $"{TypeName(member.DeclaringType)}::{Normalise(member.Name)}" + (member switch
        {
            // generic arguments and the return type tell apart Deserialize<A> from Deserialize<B>, and conversion operators
            MethodBase method => (method.IsGenericMethod ? "<" + string.Join(",", method.GetGenericArguments().Select(TypeName)) + ">" : string.Empty) +
                "(" + string.Join(",", method.GetParameters().Select(p => TypeName(p.ParameterType))) + ")" +
                (method is MethodInfo info ? ":" + TypeName(info.ReturnType) : string.Empty),
            _ => string.Empty,
        });

        private string TypeName(Type? type)
        {
            if (type is null)
                return string.Empty;
            if (type == buildType)
                return "<build>";
            var name = type.FullName ?? type.Name;
            return Normalise(type.DeclaringType == buildType ? "<build>+" + type.Name : name);
        }

        private static string ValueText(object? value) => value switch
        {
            null => "null",
            string text => text,
            System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(ValueText)) + "]",
            _ => value.ToString() + "{" + string.Join(",", value.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public)
                .Where(p => p.GetIndexParameters().Length == 0 && p.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType))
                .Select(p => ValueText(p.GetValue(value)))) + "}",
        };

        private void Append(string text) => _hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));

        // compiler-generated names carry member ordinals (<get_Test>b__12_0) that shift when another member is added
        private static string Normalise(string name) => name.Contains('<') ? Ordinals().Replace(name, "#") : name;

        [GeneratedRegex(@"\d+")]
        private static partial Regex Ordinals();

        private static int OperandSize(OperandType type) => type switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            _ => 4,
        };
    }
}
