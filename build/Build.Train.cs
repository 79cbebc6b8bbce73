using Serilog;
using Slipway.Build.Definition;
using Slipway.Build.Parameters;
using Slipway.Build.Tools;
using Slipway.Delivery.Models;
using static Slipway.Build.Tools.DotNetTasks;

namespace Slipway.Pipeline;

partial class Build
{
    [Parameter("Train: the text-classification model to train")]
    readonly string TrainModel = "support-router";

    [Parameter("Train: the dataset under data/ to train on")]
    readonly string Dataset = "support-requests";

    [Parameter("Train: the lowest test-split accuracy a new version may have")]
    readonly double MinAccuracy = 0.85;

    [Parameter("Train: how far below the champion's a new version's test accuracy and macro-F1 may be")]
    readonly double MaxRegression = 0.02;

    [Parameter("Train: register a version that passes the gate as challenger and leave champion where it is")]
    readonly bool NoPromote;

    [Parameter("Promote: the model whose alias moves", Name = "Model")]
    readonly string? PromoteModel;

    [Parameter("Promote: the version the alias moves to", Name = "Version")]
    readonly string? PromoteVersion;

    [Parameter("Promote: the alias to move (champion or challenger)")]
    readonly string Alias = ModelRegistry.Champion;

    AbsolutePath RegistryPath => RootDirectory / "models" / ModelRegistryFile.FileName;

    // what a training run reads: the data, the training code and the encoder code it shares with the service, the pinned packages
    static readonly string[] TrainingInputs =
    [
        "data/**", "source/Slipway.Training/**", "source/Slipway.Serving/Runtime/**", "source/Slipway.Serving/Repository/TextEmbeddingManifest.cs",
        "source/Slipway.Delivery/Models/**", "Directory.Packages.props", "global.json", "!**/bin/**", "!**/obj/**",
    ];

    Target Train => _ => _
        .Description("Trains the text-classification model on data/: embeds with the encoder, trains the head, gates it against the champion, registers it in models/registry.json")
        .DependsOn(Restore)
        .After(Compile) // it builds the training program, which Compile builds too
        .Inputs(TrainingInputs)
        .Outputs($"models/{TrainModel}/*/head.onnx", $"models/{TrainModel}/*/{ModelManifestFile.FileName}")
        .Executes(async cancellationToken =>
        {
            // the encoder the head learns on: the champion of the text-embedding model, from its committed manifest
            var encoderVersion = (await ModelRegistryFile.ReadAsync(RegistryPath, cancellationToken)).Resolve(ModelMaterializer.MiniLmName, ModelRegistry.Champion)
                ?? throw new InvalidOperationException($"models/registry.json has no champion for '{ModelMaterializer.MiniLmName}', the encoder {TrainModel} is trained on.");
            var encoder = await ModelSourceMaterializer.MaterializeAsync(RootDirectory / "models" / ModelMaterializer.MiniLmName / encoderVersion / ModelManifestFile.FileName,
                ModelMaterializer.DefaultNuGetPackagesRoot(), ArtifactsDirectory / "training" / "encoder", cancellationToken);
            await DotNetAsync(
            [
                "run", "--project", RootDirectory / "source" / "Slipway.Training", "--configuration", Configuration.ToString(), "--",
                "--repository", RootDirectory, "--model", TrainModel, "--dataset", Dataset, "--encoder", encoder.Directory,
                "--cache", ArtifactsDirectory / "training" / "cache",
                "--min-accuracy", MinAccuracy.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--max-regression", MaxRegression.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--by", Who, .. NoPromote ? new[] { "--no-promote" } : [],
            ], cancellationToken: cancellationToken);
        });

    Target Promote => _ => _
        .Description("Moves an alias of a model in models/registry.json to a version by hand (--model, --version, --alias, --reason), recording who and why")
        .Requires(() => PromoteModel)
        .Requires(() => PromoteVersion)
        .Requires(() => Reason)
        .Executes(async cancellationToken =>
        {
            var registry = await ModelRegistryFile.ReadAsync(RegistryPath, cancellationToken);
            if (Alias is not (ModelRegistry.Champion or ModelRegistry.Challenger))
                throw new InvalidOperationException($"Alias '{Alias}' is not one the registry keeps; use '{ModelRegistry.Champion}' or '{ModelRegistry.Challenger}'.");
            var previous = registry.Resolve(PromoteModel!, Alias);
            registry = registry.MoveAlias(PromoteModel!, Alias, PromoteVersion!, Who, Reason!, DateTimeOffset.UtcNow);
            await ModelRegistryFile.WriteAsync(RegistryPath, registry, cancellationToken);
            Log.Information("{Model}: {Alias} moved from {Previous} to {Version} by {Who}: {Reason}", PromoteModel, Alias, previous ?? "(none)", PromoteVersion, Who, Reason);
        });

    static string Who => $"{Environment.UserName}@{Environment.MachineName}";
}
