using System.Text;
using Slipway.Build.Hosting;
using Slipway.Build.Tools;
using Slipway.Tooling.Records;

namespace Slipway.Build.Planning;

/// <summary>--plan: the ordered plan with why each target is in it, and <c>.nuke/temp/plan.mmd</c> as Mermaid. Never opens a browser.</summary>
internal static class PlanWriter
{
    public static void Write(BuildHost host, AbsolutePath root, ExecutionPlan plan)
    {
        var o = host.Output;
        o.WriteLine($"Plan for {string.Join(", ", plan.Invoked.Select(t => t.Name))} ({plan.Ordered.Count} target{(plan.Ordered.Count == 1 ? "" : "s")}):");
        var width = plan.Ordered.Select(t => t.Name.Length).DefaultIfEmpty(0).Max() + 2;
        var number = 0;
        foreach (var target in plan.Ordered)
        {
            var note = target.Status == TargetStatus.Skipped ? $"  [skipped: {target.SkipReason}]" : string.Empty;
            o.WriteLine($"  {++number,2}. {target.Name.PadRight(width)}{plan.Reasons[target]}{note}");
        }

        var path = root / ".nuke" / "temp" / "plan.mmd";
        path.WriteAllText(Mermaid(plan));
        o.WriteLine();
        o.WriteLine($"Graph written to {path.RelativeTo(root)} (Mermaid).");
    }

    public static string Mermaid(ExecutionPlan plan)
    {
        var text = new StringBuilder("graph TD\n");
        foreach (var target in plan.Ordered)
        {
            var style = target.Status == TargetStatus.Skipped ? ":::skipped" : plan.Invoked.Contains(target) ? ":::invoked" : string.Empty;
            text.Append($"  {target.Name}[\"{target.Name}\"]{style}\n");
        }

        foreach (var target in plan.Ordered)
        {
            foreach (var dependency in target.Dependencies.Where(plan.Contains))
                text.Append($"  {dependency.Name} --> {target.Name}\n");
            foreach (var triggered in target.Triggers.Where(plan.Contains))
                text.Append($"  {target.Name} -. triggers .-> {triggered.Name}\n");
            foreach (var before in target.OrderedAfter.Where(plan.Contains))
                text.Append($"  {before.Name} -. before .-> {target.Name}\n");
        }

        text.Append("  classDef invoked stroke-width:3px\n  classDef skipped stroke-dasharray: 5 5\n");
        return text.ToString();
    }
}
