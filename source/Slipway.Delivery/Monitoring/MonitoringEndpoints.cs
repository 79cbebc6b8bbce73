using System.Net;

namespace Slipway.Delivery.Monitoring;

/// <summary>Where an environment's monitoring stack answers: the HTTP APIs, and the UDP syslog address the edge sends its metric lines to.</summary>
public sealed record MonitoringEndpoints(Uri Prometheus, Uri Alertmanager, Uri EdgeMetrics, IPEndPoint EdgeLog);
