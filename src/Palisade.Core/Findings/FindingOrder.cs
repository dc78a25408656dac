namespace Palisade.Core.Findings;

/// <summary>A total, stable order for findings (file, line, column, check, message) so reports are deterministic.</summary>
public sealed class FindingOrder : IComparer<Finding>
{
    public static FindingOrder Instance { get; } = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }
        var byFile = string.CompareOrdinal(x.Target.Location?.File, y.Target.Location?.File);
        if (byFile != 0)
        {
            return byFile;
        }
        var byLine = (x.Target.Location?.Line ?? 0).CompareTo(y.Target.Location?.Line ?? 0);
        if (byLine != 0)
        {
            return byLine;
        }
        var byColumn = (x.Target.Location?.Column ?? 0).CompareTo(y.Target.Location?.Column ?? 0);
        if (byColumn != 0)
        {
            return byColumn;
        }
        var byResource = CompareResources(x.Target.Resource, y.Target.Resource);
        if (byResource != 0)
        {
            return byResource;
        }
        var byCheck = string.CompareOrdinal(x.Check.Id.Value, y.Check.Id.Value);
        return byCheck != 0 ? byCheck : string.CompareOrdinal(x.Message, y.Message);
    }

    private static int CompareResources(ResourceRef? x, ResourceRef? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }
        var byKind = string.CompareOrdinal(x.Kind, y.Kind);
        if (byKind != 0)
        {
            return byKind;
        }
        var byNamespace = string.CompareOrdinal(x.Namespace, y.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.Name, y.Name);
    }
}
