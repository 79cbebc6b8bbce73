using Slipway.Delivery.Deployment.Containers;
using Slipway.Delivery.Deployment.Edge;
using Slipway.Delivery.Deployment.Gates;
using Slipway.Delivery.Deployment.Strategies;

namespace Slipway.Delivery.Deployment.Backends;

internal sealed partial class EngineBackend
{
    /// <summary>The candidate colour beside the serving one, reached through the edge's weights (REST, and gRPC when it speaks it).</summary>
    private sealed class EngineRelease(EngineBackend backend, DeploymentAttempt attempt, NginxEdge edge, EdgeUpstream? stable, string candidate, int port, int? grpcPort, string? baseline) : IRelease
    {
        private static readonly TimeSpan SwitchTimeout = TimeSpan.FromSeconds(30);
        private readonly HashSet<string> _oldWorkers = [];

        public string Candidate => candidate;

        public string? Baseline => baseline;

        /// <summary>Whether the edge routes any traffic to the candidate now.</summary>
        public bool Switched { get; private set; }

        /// <summary>Whether the candidate took traffic at any point.</summary>
        public bool TookTraffic { get; private set; }

        /// <summary>Every worker that served before one of this release's reloads (the drain waits for them).</summary>
        public IReadOnlySet<string> OldWorkers => _oldWorkers;

        public async Task RouteAsync(int percent, CancellationToken cancellationToken)
        {
            var request = attempt.Request;
            if (stable is null)
            {
                if (percent == 0)
                {
                    Switched = false;
                    return; // a first deploy's edge never routed anywhere else
                }

                // First deploy (or the edge is gone): the edge starts with the candidate as its only upstream.
                var edgeImage = await backend.Images.EdgeAsync(cancellationToken).ConfigureAwait(false);
                await edge.StartAsync(edgeImage, EdgeUpstream.Local(candidate, port, grpcPort), ContainerLabels.For(request, ContainerLabels.EdgeRole), SwitchTimeout, cancellationToken).ConfigureAwait(false);
                Record(new Dictionary<string, int> { [candidate] = 100 });
                Switched = TookTraffic = true;
                return;
            }

            var upstream = stable.WithCanary(candidate, [EdgeUpstream.LocalServer(port)], percent, grpcPort is { } grpc ? [EdgeUpstream.LocalServer(grpc)] : []);
            // counted as routed before the reload: a deploy stopped halfway through it must still route back
            Switched |= percent > 0;
            var workers = await edge.SwitchAsync(upstream, SwitchTimeout, cancellationToken).ConfigureAwait(false);
            _oldWorkers.UnionWith(workers);
            Switched = percent > 0;
            TookTraffic |= Switched;
            Record(upstream.Weights);
        }

        public async Task VerifyAsync(CancellationToken cancellationToken)
        {
            var edgeUrl = EdgeUrl(attempt.Request);
            try
            {
                await CandidateGates.SmokeAsync(new Uri(edgeUrl), attempt.Request.ResolvedSmokeModel, attempt.Request.ClientApiKey, cancellationToken).ConfigureAwait(false);
            }
            catch (GateFailedException failure)
            {
                throw new GateFailedException("verify", "Through the edge: " + failure.Message);
            }
            catch (HttpRequestException exception)
            {
                throw new GateFailedException("verify", $"The smoke inference through the edge {edgeUrl} failed: {exception.Message}");
            }

            if (grpcPort is null)
                return;
            var grpcUrl = attempt.Request.EdgeGrpcUrl;
            try
            {
                await CandidateGates.GrpcAsync(new Uri(edgeUrl), new Uri(grpcUrl), attempt.Request.ResolvedSmokeModel, attempt.Request.ClientApiKey, cancellationToken).ConfigureAwait(false);
            }
            catch (GateFailedException failure)
            {
                throw new GateFailedException("verify", $"Through the edge's gRPC address {grpcUrl}: " + failure.Message);
            }
        }

        public Task WaitForOldWorkersAsync() => edge.WaitForWorkersGoneAsync(_oldWorkers, SwitchTimeout, CancellationToken.None);

        /// <summary>All traffic back on the stable colour, never cancelled; a failure is logged (the deploy is failing already).</summary>
        public async Task RouteBackQuietlyAsync()
        {
            if (!Switched || stable is null)
                return;
            try
            {
                var workers = await edge.SwitchAsync(stable with { Canary = null }, SwitchTimeout, CancellationToken.None).ConfigureAwait(false);
                Switched = false;
                Record(new Dictionary<string, int> { [stable.Colour] = 100 });
                await edge.WaitForWorkersGoneAsync(workers, SwitchTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is DeploymentFailedException || DockerOperations.IsEngineFailure(exception))
            {
                backend.Log.Error("Could not route the edge back to {Colour}: {Error}", stable.Colour, exception.Message);
            }
        }

        private void Record(IReadOnlyDictionary<string, int> weights) =>
            attempt.Update(entry => entry with { Traffic = [.. entry.Traffic, new TrafficChange(DateTimeOffset.UtcNow, weights)] });
    }
}
