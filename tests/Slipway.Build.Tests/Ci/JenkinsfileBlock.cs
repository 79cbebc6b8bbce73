namespace Slipway.Build.Tests.Ci;

/// <summary>
/// A Jenkinsfile read as nested <c>head { ... }</c> blocks and the statements between them (strings and comments respected),
/// so tests check the declarative structure rather than text.
/// </summary>
internal sealed record JenkinsfileBlock(string Head, IReadOnlyList<JenkinsfileBlock> Blocks, IReadOnlyList<string> Statements)
{
    /// <summary>The directive names of this block: its blocks' and statements' first words (<c>stage('Test')</c> → <c>stage</c>).</summary>
    public IReadOnlyList<string> Directives => Blocks.Select(b => Word(b.Head)).Concat(Statements.Select(Word)).ToList();

    public JenkinsfileBlock Block(string head) =>
        Blocks.SingleOrDefault(b => b.Head == head) ?? throw new KeyNotFoundException($"No block '{head}' in '{Head}'; blocks: {string.Join(", ", Blocks.Select(b => b.Head))}");

    public static JenkinsfileBlock Parse(string text)
    {
        var stack = new Stack<(string Head, List<JenkinsfileBlock> Blocks, List<string> Statements)>();
        stack.Push((string.Empty, [], []));
        var current = new System.Text.StringBuilder();
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                current.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                    current.Append(text[++i]);
                else if (c == quote)
                    quote = '\0';
                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    current.Append(c);
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    while (i < text.Length && text[i] != '\n')
                        i++;
                    Flush();
                    break;
                case '{':
                    var opening = current.ToString().Trim();
                    current.Clear();
                    var before = stack.Peek().Statements;
                    if (before.Count > 0 && Continues(before[^1], opening))
                    {
                        opening = before[^1] + " " + opening;
                        before.RemoveAt(before.Count - 1);
                    }

                    stack.Push((opening, [], []));
                    break;
                case '}':
                    Flush();
                    if (stack.Count == 1)
                        throw new FormatException($"Unbalanced '}}' at offset {i}.");
                    var (head, blocks, statements) = stack.Pop();
                    stack.Peek().Blocks.Add(new JenkinsfileBlock(head, blocks, statements));
                    break;
                case '\n':
                    Flush();
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        Flush();
        if (stack.Count != 1 || quote != '\0')
            throw new FormatException($"The Jenkinsfile ends inside {(quote != '\0' ? "a string" : $"the block '{stack.Peek().Head}'")}.");
        var root = stack.Pop();
        return new JenkinsfileBlock(string.Empty, root.Blocks, root.Statements);

        void Flush()
        {
            var statement = current.ToString().Trim();
            current.Clear();
            if (statement.Length == 0)
                return;
            // a statement that continues over lines ("withCredentials([" … "])") is joined with the next one
            var top = stack.Peek().Statements;
            if (top.Count > 0 && Continues(top[^1], statement))
                top[^1] += " " + statement;
            else
                top.Add(statement);
        }
    }

    private static bool Continues(string previous, string next) =>
        previous.EndsWith('(') || previous.EndsWith('[') || previous.EndsWith(',') || next.StartsWith(')') || next.StartsWith(']');

    private static string Word(string text) => new(text.TakeWhile(c => char.IsLetterOrDigit(c) || c == '_').ToArray());
}
