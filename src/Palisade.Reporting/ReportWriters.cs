using Palisade.Reporting.Spdx;
using Palisade.Reporting.CycloneDx;
using Palisade.Reporting.Json;
using Palisade.Reporting.JUnit;
using Palisade.Reporting.Sarif;
using Palisade.Reporting.Table;

namespace Palisade.Reporting;

/// <summary>Every report writer, listed explicitly (no reflection, so trimming keeps them).</summary>
public static class ReportWriters
{
    public static IReadOnlyList<IReportWriter> All { get; } =
    [
        new TableReportWriter(),
        new JsonReportWriter(),
        new SarifReportWriter(),
        new JUnitReportWriter(),
        new CycloneDxWriter(),
        new SpdxWriter(),
    ];

    public static IReportWriter? Find(string format) =>
        All.FirstOrDefault(w => string.Equals(w.Format, format, StringComparison.OrdinalIgnoreCase));
}
