using System.Text.Json;

namespace Palisade.Audit.Rules;

/// <summary>
/// One request is one alert however many stages log it. A request logged at an early stage (RequestReceived, or
/// ResponseStarted for exec, attach, port-forward and watch) is logged again when it completes: the rules that
/// matched it early are remembered by audit ID until then. Events of a final stage (nearly all of a log) only look
/// the set up while it holds something, so the common case costs nothing. Bounded: the oldest are forgotten first.
/// </summary>
internal sealed class SeenRequests(int capacity)
{
    private static readonly byte[] RequestReceived = "RequestReceived"u8.ToArray();
    private static readonly byte[] ResponseStarted = "ResponseStarted"u8.ToArray();
    private readonly HashSet<(CompiledRule Rule, string AuditId)> _seen = [];
    private readonly Queue<(CompiledRule Rule, string AuditId)> _order = new();

    /// <summary>True when this rule has not matched this request at an earlier stage (or the event has no audit ID).</summary>
    public bool FirstTime(CompiledRule rule, EventView view, int stageNode, int auditIdNode)
    {
        var early = view.Token(stageNode) == JsonTokenType.String && (view.Text(stageNode).SequenceEqual(RequestReceived) || view.Text(stageNode).SequenceEqual(ResponseStarted));
        if (!early && _seen.Count == 0)
        {
            return true;
        }
        if (view.String(auditIdNode) is not { } auditId)
        {
            return true;
        }
        if (!early)
        {
            return !_seen.Remove((rule, auditId));
        }
        if (!_seen.Add((rule, auditId)))
        {
            return false;
        }
        _order.Enqueue((rule, auditId));
        while (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }
        return true;
    }
}
