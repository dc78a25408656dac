using Palisade.Cluster.Api;
using Palisade.Operator.Images;
using Palisade.Operator.Leadership;

namespace Palisade.Operator;

/// <summary>Everything <c>palisade operator</c> is told.</summary>
public sealed record OperatorOptions
{
    public ConnectionOptions Connection { get; init; } = new();

    /// <summary>host:port for /healthz, /readyz and /metrics.</summary>
    public string Listen { get; init; } = "0.0.0.0:8080";

    /// <summary>This replica's name in the Lease (the pod name in a cluster).</summary>
    public string Identity { get; init; } = Environment.MachineName;

    public string LeaseName { get; init; } = "palisade-operator";

    public LeaseTiming Lease { get; init; } = LeaseTiming.Default;

    public ScanJobOptions Scans { get; init; } = new();

    /// <summary>Image scans as Jobs (off: manifest checks only).</summary>
    public bool ScanImages { get; init; } = true;

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
