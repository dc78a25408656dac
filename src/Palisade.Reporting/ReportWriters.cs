using Palisade.Core.Registration;

namespace Palisade.Reporting;

/// <summary>Every report writer (no reflection, so trimming keeps them).</summary>
public static partial class ReportWriters
{
    /// <summary>Every writer, found at build time; <see cref="RegistrationOrderAttribute"/> puts the common ones first in --help.</summary>
    public static IReadOnlyList<IReportWriter> All { get; } = Discovered();

    [Discovered]
    private static partial IReadOnlyList<IReportWriter> Discovered();

    public static IReportWriter? Find(string format) =>
        All.FirstOrDefault(w => string.Equals(w.Format, format, StringComparison.OrdinalIgnoreCase));
}
