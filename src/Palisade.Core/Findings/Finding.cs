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

    public Severity Severity => Check.Severity;

    /// <summary>Only failures and warnings count against thresholds; passes are reported for evidence.</summary>
    public bool IsProblem => Status is FindingStatus.Fail or FindingStatus.Warn;
}
