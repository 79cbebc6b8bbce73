using System.Globalization;
using Slipway.Training.Data;

namespace Slipway.Training;

/// <summary>
/// <c>Slipway.Training --repository &lt;root&gt; --model &lt;name&gt; --dataset &lt;name&gt; --encoder &lt;dir&gt; [--cache &lt;dir&gt;]
/// [--min-accuracy 0.85] [--max-regression 0.02] [--no-promote] [--by &lt;who&gt;]</c>. Exit 0 when registered or up to
/// date, 1 when the data is bad or the gate refuses the version, 2 on a usage error.
/// </summary>
public static class TrainingProgram
{
    public static async Task<int> Main(string[] args)
    {
        TrainingOptions options;
        try
        {
            options = Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"Slipway.Training: {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            var outcome = await new TrainingRun(options, Console.Out).RunAsync().ConfigureAwait(false);
            Console.WriteLine($"{outcome.Result}: {options.Model} version {outcome.Version}");
            return 0;
        }
        catch (Exception exception) when (exception is DataException or TrainingFailedException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
            return 1;
        }
    }

    public static TrainingOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        string[] known = ["--repository", "--model", "--dataset", "--encoder", "--cache", "--min-accuracy", "--max-regression", "--by"];
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--no-promote")
            {
                flags.Add(args[i]);
            }
            else if (known.Contains(args[i]) && i + 1 < args.Count)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"unknown or incomplete option '{args[i]}'; options are {string.Join(", ", known)} (each with a value) and --no-promote.");
            }
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required.");
        double Number(string name, double fallback) => values.TryGetValue(name, out var value)
            ? double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 1
                ? number
                : throw new ArgumentException($"{name} '{value}' is not a number from 0 to 1.")
            : fallback;

        return new TrainingOptions
        {
            RepositoryRoot = Path.GetFullPath(Required("--repository")),
            Model = Required("--model"),
            Dataset = Required("--dataset"),
            EncoderDirectory = Path.GetFullPath(Required("--encoder")),
            CacheDirectory = values.GetValueOrDefault("--cache"),
            MinAccuracy = Number("--min-accuracy", 0.85),
            MaxRegression = Number("--max-regression", 0.02),
            Promote = !flags.Contains("--no-promote"),
            By = values.GetValueOrDefault("--by") ?? Environment.UserName,
        };
    }
}
