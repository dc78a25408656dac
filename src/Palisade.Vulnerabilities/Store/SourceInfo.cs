namespace Palisade.Vulnerabilities.Store;

/// <summary>One imported feed: where it came from, when, how many records were kept and how many skipped.</summary>
public sealed record SourceInfo(string Name, string Origin, DateTimeOffset ImportedAt, long Records, long Skipped);

/// <summary>A record an importer could not use, with where it is and why; counted and reported, never fatal.</summary>
public sealed record SkippedRecord(string Where, string Reason)
{
    /// <summary>A whole input (file or archive member) could not be read, rather than one upstream record in it.</summary>
    public bool WholeInput { get; init; }
}

/// <summary>What one import did.</summary>
public sealed record ImportReport(IReadOnlyList<SourceInfo> Sources, IReadOnlyList<SkippedRecord> Skipped)
{
    public long Records => Sources.Sum(s => s.Records);
}
