namespace Slipway.Delivery.Images;

/// <summary>Which base image to use and how to make one when it cannot be pulled.</summary>
public sealed record BaseImageOptions
{
    /// <summary>The official .NET runtime-deps image for the service's runtime.</summary>
    public const string DefaultImage = "mcr.microsoft.com/dotnet/runtime-deps:10.0";

    /// <summary>The image to pull (the build's <c>--base-image</c>). Null or empty: bootstrap straight away.</summary>
    public string? Image { get; init; } = DefaultImage;

    /// <summary>How long a pull may take before the build gives up on it and bootstraps instead.</summary>
    public TimeSpan PullTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The recipe bootstrapped from Debian packages when the pull fails.</summary>
    public BaseImageRecipe Fallback { get; init; } = BaseImageRecipe.DotNetRuntimeDeps;

    public BaseImageOptions WithImage(string? image) => this with { Image = image };

    public BaseImageOptions WithPullTimeout(TimeSpan timeout) => this with { PullTimeout = timeout };

    public BaseImageOptions WithFallback(BaseImageRecipe recipe) => this with { Fallback = recipe };
}
