namespace Palisade.Audit.Rules;

/// <summary>
/// The requests (audit IDs) each rule has already matched, so the several stages of one request raise one alert.
/// Bounded: the oldest are forgotten first, which only matters for stages logged further apart than the capacity.
/// </summary>
internal sealed class SeenRequests(int capacity)
{
    private readonly HashSet<(CompiledRule Rule, string AuditId)> _seen = [];
    private readonly Queue<(CompiledRule Rule, string AuditId)> _order = new();

    /// <summary>True when this rule has not matched this request before (or the event has no audit ID).</summary>
    public bool FirstTime(CompiledRule rule, string? auditId)
    {
        if (auditId is null)
        {
            return true;
        }
        if (!_seen.Add((rule, auditId)))
        {
            return false;
        }
        _order.Enqueue((rule, auditId));
        if (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }
        return true;
    }
}
