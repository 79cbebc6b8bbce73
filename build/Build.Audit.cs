using Serilog;
using Slipway.Build.Definition;
using Slipway.Delivery.Deployment;

namespace Slipway.Pipeline;

partial class Build
{
    [Slipway.Build.Parameters.Parameter("Audit: a ledger chain head from an earlier report or GitHub status (16 to 64 hex digits) that must still be a line of the ledger")]
    string? LedgerAnchor;

    Target Audit => _ => _
        .Description("Verifies the deployment ledger's hash chain (and --ledger-anchor when given); names the first bad line")
        .Executes(async cancellationToken =>
        {
            var result = await LedgerAudit.RunAsync(LedgerPath, LedgerAnchor, cancellationToken);
            if (!result.Passed)
                throw new InvalidOperationException(result.Report);
            Log.Information("{Audit}", result.Report);
        });
}
