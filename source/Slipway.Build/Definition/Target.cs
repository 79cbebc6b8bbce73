namespace Slipway.Build.Definition;

/// <summary>A target of the build: a property returning a configuration of its definition.</summary>
/// <example><c>Target Compile =&gt; _ =&gt; _.DependsOn(Restore).Executes(() =&gt; ...);</c></example>
public delegate ITargetDefinition Target(ITargetDefinition _);
