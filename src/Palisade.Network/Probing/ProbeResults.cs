using Palisade.Network.Targets;

namespace Palisade.Network.Probing;

/// <summary>What the TLS handshake showed: protocol, the server's certificate, and whether it asked for ours.</summary>
public sealed record TlsInfo(string Protocol, string Subject, string Issuer, IReadOnlyList<string> SubjectAlternativeNames, DateTimeOffset NotAfter, bool SelfSigned)
{
    public bool ClientCertificateRequested { get; init; }

    /// <summary>The handshake (or the first read after it) failed because we presented no client certificate.</summary>
    public bool RefusedWithoutClientCertificate { get; init; }

    /// <summary>"TLS 1.1" or "TLS 1.0" when the server still accepts a client offering only that.</summary>
    public string? AcceptsLegacy { get; init; }
}

/// <summary>One HTTP answer, with the body capped.</summary>
public sealed record HttpAnswer(int Status, string Body, bool Truncated);

public enum PortState
{
    Open,
    Closed,
    Filtered,
}

/// <summary>Everything learned about one endpoint, passively.</summary>
public sealed record EndpointReport(Endpoint Endpoint, PortState State)
{
    public TlsInfo? Tls { get; init; }
    public bool SpeaksHttp { get; init; }
    public IReadOnlyDictionary<string, HttpAnswer> Answers { get; init; } = new Dictionary<string, HttpAnswer>();

    /// <summary>What the endpoint is, when recognised: kube-apiserver, kubelet, etcd, docker, dashboard, kube-proxy, …</summary>
    public string? Service { get; init; }
    public string? Version { get; init; }

    /// <summary>What could not be decided and why (a stalled handshake, garbage, a reset).</summary>
    public IReadOnlyList<string> Undecided { get; init; } = [];

    public string Scheme => Tls is null ? "http" : "https";

    /// <summary>Whether <paramref name="path"/> was answered with 200.</summary>
    public bool Answered(string path) => Answers.TryGetValue(path, out var answer) && answer.Status == 200;
}
