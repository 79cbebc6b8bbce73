namespace Slipway.Training.Data;

/// <summary>One labelled text, with the file and line it came from and the split its id hashes to.</summary>
public sealed record LabelledRow(string Id, string Text, string Label, string File, int Line)
{
    public DataSplit Split { get; } = DataSplits.Of(Id);
}
