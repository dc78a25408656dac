using Palisade.Audit.Rules;
using Palisade.Audit.Shipping;

namespace Palisade.Audit;

/// <summary>
/// An audit-log analysis: files (JSON lines, .gz), directories of rotated logs or - for standard input, read with
/// these rules and lists; alerts also shipped when <see cref="Shipping"/> says where.
/// </summary>
public sealed record AuditLogScanRequest(IReadOnlyList<string> Sources, string WorkingDirectory, IReadOnlyList<DetectionRule> Rules, RuleSettings Settings)
{
    public AlertShippingOptions? Shipping { get; init; }
}
