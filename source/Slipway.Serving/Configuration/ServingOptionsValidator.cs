using Microsoft.Extensions.Options;

namespace Slipway.Serving.Configuration;

/// <summary>Refuses to start when the model repository cannot be found.</summary>
public sealed class ServingOptionsValidator(IHostEnvironment environment) : IValidateOptions<ServingOptions>
{
    public ValidateOptionsResult Validate(string? name, ServingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelRepository))
        {
            return ValidateOptionsResult.Skip; // the [Required] attribute reports it
        }

        return ModelRepositoryLocator.TryResolve(options.ModelRepository, environment.ContentRootPath, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ServingOptions.Section}:ModelRepository '{options.ModelRepository}' is not a folder (looked from '{environment.ContentRootPath}' upwards). " +
                "Materialise the models first ('./build.sh Model' writes artifacts/models) or set Serving__ModelRepository to the folder that holds <name>/<version>/model.json.");
    }
}
