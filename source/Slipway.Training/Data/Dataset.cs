namespace Slipway.Training.Data;

/// <summary>A validated dataset: its manifest entry, every row, and the SHA-256 of each file as read.</summary>
public sealed record Dataset(DatasetEntry Entry, IReadOnlyList<LabelledRow> Rows, IReadOnlyDictionary<string, string> FileSha256)
{
    public IReadOnlyList<string> Classes => Entry.Classes;

    public IReadOnlyList<LabelledRow> In(DataSplit split) => [.. Rows.Where(r => r.Split == split)];
}
