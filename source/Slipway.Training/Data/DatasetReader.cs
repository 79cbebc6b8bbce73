using System.Security.Cryptography;
using System.Text;

namespace Slipway.Training.Data;

/// <summary>
/// Reads a dataset's tab-separated files (UTF-8, a header line naming <c>id</c>, <c>text</c> and <c>label</c>, one row
/// per line) and checks them, gathering every problem into one <see cref="DataException"/> that names the file, the
/// line and the fix: bytes that are not UTF-8, a missing column, a wrong number of fields, an empty id or text, an
/// unknown label, a duplicate id, and a class with no rows in the train or test split.
/// </summary>
public static class DatasetReader
{
    private const int MaxProblems = 20;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] Columns = ["id", "text", "label"];

    public static async Task<Dataset> ReadAsync(string dataRoot, DatasetEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var problems = new List<string>();
        var rows = new List<LabelledRow>();
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        var classes = new HashSet<string>(entry.Classes, StringComparer.Ordinal);
        if (entry.Classes.Count < 2)
        {
            problems.Add($"dataset '{entry.Name}' in data/{DataManifestFile.FileName} lists {entry.Classes.Count} class(es); a classifier needs at least 2");
        }

        foreach (var file in entry.Files)
        {
            var path = Path.Combine(dataRoot, file.Path);
            if (!File.Exists(path))
            {
                problems.Add($"data/{file.Path}: the file listed in data/{DataManifestFile.FileName} does not exist; add it or remove it from the manifest");
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            hashes[file.Path] = Convert.ToHexStringLower(SHA256.HashData(bytes));
            ReadFile($"data/{file.Path}", bytes, classes, entry, rows, seen, problems);
        }

        if (problems.Count == 0)
        {
            foreach (var name in entry.Classes)
            {
                foreach (var split in new[] { DataSplit.Train, DataSplit.Test })
                {
                    if (!rows.Any(r => r.Label == name && r.Split == split))
                    {
                        problems.Add(
                            $"class '{name}' has no rows in the {split.ToString().ToLowerInvariant()} split of dataset '{entry.Name}'; add labelled rows for it " +
                            $"(a row's split follows from its id: {DataSplits.Description}) or remove the class from data/{DataManifestFile.FileName}");
                    }
                }
            }
        }

        if (problems.Count > 0)
        {
            var shown = problems.Take(MaxProblems).ToList();
            var more = problems.Count > MaxProblems ? $" (and {problems.Count - MaxProblems} more)" : string.Empty;
            throw new DataException($"Dataset '{entry.Name}' cannot be trained on; nothing was registered. {problems.Count} problem(s){more}:\n  " + string.Join("\n  ", shown));
        }

        return new Dataset(entry, rows, hashes);
    }

    private static void ReadFile(string name, byte[] bytes, HashSet<string> classes, DatasetEntry entry, List<LabelledRow> rows,
        Dictionary<string, (string File, int Line)> seen, List<string> problems)
    {
        var lines = SplitLines(bytes);
        if (lines.Count == 0)
        {
            problems.Add($"{name}: the file is empty; its first line names the columns id<TAB>text<TAB>label");
            return;
        }

        int[] index = [];
        for (var number = 1; number <= lines.Count; number++)
        {
            string line;
            try
            {
                line = StrictUtf8.GetString(lines[number - 1]);
            }
            catch (DecoderFallbackException exception)
            {
                problems.Add($"{name} line {number}: byte 0x{exception.BytesUnknown?.FirstOrDefault():X2} at column {exception.Index + 1} is not UTF-8; save the file as UTF-8");
                continue;
            }

            if (number == 1)
            {
                line = line.TrimStart('\uFEFF');
                var header = line.Split('\t');
                index = [.. Columns.Select(c => Array.IndexOf(header, c))];
                var missing = Columns.Where((_, i) => index[i] < 0).ToList();
                if (missing.Count > 0)
                {
                    problems.Add($"{name} line 1: missing column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; the header has {string.Join(", ", header.Select(h => $"'{h}'"))} — name the columns id<TAB>text<TAB>label");
                    return;
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != index.Length)
            {
                problems.Add($"{name} line {number}: {fields.Length} field(s) where the header has {index.Length}; separate id, text and label by one tab each (a text holds no tab)");
                continue;
            }

            var (id, text, label) = (fields[index[0]].Trim(), fields[index[1]].Trim(), fields[index[2]].Trim());
            if (id.Length == 0 || text.Length == 0)
            {
                problems.Add($"{name} line {number}: the {(id.Length == 0 ? "id" : "text")} is empty; every row needs an id and a text");
                continue;
            }

            if (!classes.Contains(label))
            {
                problems.Add($"{name} line {number}: unknown label '{label}'; use one of {string.Join(", ", entry.Classes.Select(c => $"'{c}'"))} or add the class to data/{DataManifestFile.FileName}");
                continue;
            }

            if (seen.TryGetValue(id, out var first))
            {
                problems.Add($"{name} line {number}: duplicate id '{id}', already used at {first.File} line {first.Line}; give every row its own id");
                continue;
            }

            seen[id] = (name, number);
            rows.Add(new LabelledRow(id, text, label, name, number));
        }
    }

    /// <summary>Lines as raw bytes (LF or CRLF), so a non-UTF-8 byte is reported on its own line.</summary>
    private static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == (byte)'\n')
            {
                var end = i > start && bytes[i - 1] == (byte)'\r' ? i - 1 : i;
                if (i < bytes.Length || end > start)
                {
                    lines.Add(bytes[start..end]);
                }

                start = i + 1;
            }
        }

        return lines;
    }
}
