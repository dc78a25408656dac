using Palisade.Core.Findings;

namespace Palisade.Reporting;

internal static class FrameworkText
{
    public static IReadOnlyList<string> Controls(CheckInfo check, Framework framework) =>
        [.. check.Frameworks.Where(f => f.Framework == framework).Select(f => f.Control)];

    public static string Status(FindingStatus status) => status.ToString().ToLowerInvariant();
}
