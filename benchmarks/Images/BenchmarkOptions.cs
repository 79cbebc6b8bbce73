namespace Slipway.Benchmarks.Images;

internal sealed record BenchmarkOptions(string? Publish, string? Models, bool ColdBase)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? Path.GetFullPath(args[index + 1]) : null;
        }

        return new BenchmarkOptions(Value("--publish"), Value("--models"), args.Contains("--cold-base"));
    }
}
