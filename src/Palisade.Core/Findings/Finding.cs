namespace Palisade.Core.Findings;

public enum FindingStatus
{
    Fail,
    Warn,
    Pass,
    Info,
}

/// <summary>One result of one check on one target; the same record for every scanner.</summary>
public sealed record Finding(CheckInfo Check, Target Target, string Message, string? Evidence = null)
{
    public FindingStatus Status { get; init; } = FindingStatus.Fail;

    /// <summary>The report section the finding belongs to, when the scanner has sections (e.g. "1.2 API Server").</summary>
    public string? Group { get; init; }

    /// <summary>For vulnerability findings: the advisory, package and versions.</summary>
    public VulnerabilityDetail? Vulnerability { get; init; }

    /// <summary>For audit-log alerts: time, identity, source address and request.</summary>
    public AlertDetail? Alert { get; init; }

    public Severity Severity => Check.Severity;

    /// <summary>Only failures count against thresholds; warnings (manual controls), passes and notes are evidence.</summary>
    public bool IsProblem => Status is FindingStatus.Fail;
}
