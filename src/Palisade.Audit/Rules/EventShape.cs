using System.Runtime.InteropServices;
using System.Text.Json;

namespace Palisade.Audit.Rules;

/// <summary>
/// The property names a rule set reads, as a tree shared by every rule (verb, objectRef.resource, user.username …):
/// each distinct chain of names gets one node, so an event's object is looked into once however many rules ask.
/// Built while rules are compiled, then read by <see cref="EventView"/>.
/// </summary>
public sealed class EventShape
{
    public const int Root = 0;

    private readonly List<int> _parents = [-1];
    private readonly List<byte[]> _names = [[]];
    private readonly List<List<int>> _children = [[]];

    public int Count => _parents.Count;

    internal int Parent(int node) => _parents[node];

    internal byte[] Name(int node) => _names[node];

    internal List<int> Children(int node) => _children[node];

    /// <summary>The node of a name under a parent, added on first use.</summary>
    public int Child(int parent, PathStep step)
    {
        foreach (var child in _children[parent])
        {
            if (_names[child].AsSpan().SequenceEqual(step.Utf8Name))
            {
                return child;
            }
        }
        _parents.Add(parent);
        _names.Add(step.Utf8Name);
        _children.Add([]);
        _children[parent].Add(Count - 1);
        return Count - 1;
    }

    /// <summary>The path's leading property names become nodes; what follows (arrays, keys, wildcards) is walked per event.</summary>
    public BoundPath Bind(FieldPath path)
    {
        var node = Root;
        var index = 0;
        while (index < path.Steps.Count && path.Steps[index].Kind == StepKind.Property)
        {
            node = Child(node, path.Steps[index]);
            index++;
        }
        return new BoundPath(path, node, [.. path.Steps.Skip(index)]);
    }
}

/// <summary>
/// One event seen through an <see cref="EventShape"/>: each name is looked up once per event and remembered. An
/// object many rules look into (the event itself, objectRef, user) is read in one pass over its properties, matched
/// by length first; for the others a direct lookup is cheaper.
/// </summary>
public sealed class EventView
{
    private const int ExpandFrom = 3;
    private const int MaxIndexedLength = 64;
    private readonly EventShape _shape;
    private readonly JsonElement[] _values;
    private readonly bool[] _present;
    private readonly bool[] _resolved;
    private readonly int[]?[][] _byLength;

    public EventView(EventShape shape)
    {
        _shape = shape;
        _values = new JsonElement[shape.Count];
        _present = new bool[shape.Count];
        _resolved = new bool[shape.Count];
        _byLength = new int[]?[shape.Count][];
        for (var node = 0; node < shape.Count; node++)
        {
            var children = shape.Children(node);
            _byLength[node] = children.Count < ExpandFrom || children.Any(c => shape.Name(c).Length >= MaxIndexedLength)
                ? []
                : [.. Enumerable.Range(0, MaxIndexedLength).Select(length => children.Where(c => shape.Name(c).Length == length).ToArray() is { Length: > 0 } same ? same : null)];
        }
    }

    public JsonElement Root => _values[EventShape.Root];

    public void Reset(JsonElement root)
    {
        Array.Clear(_present);
        Array.Clear(_resolved);
        _values[EventShape.Root] = root;
        _present[EventShape.Root] = true;
        _resolved[EventShape.Root] = true;
    }

    public bool TryGet(int node, out JsonElement value)
    {
        if (!_resolved[node])
        {
            var parent = _shape.Parent(node);
            if (_byLength[parent].Length > 0)
            {
                Expand(parent);
            }
            else
            {
                _resolved[node] = true;
                _present[node] = TryGet(parent, out var element) && element.ValueKind == JsonValueKind.Object
                    && element.TryGetProperty(_shape.Name(node), out _values[node]);
            }
        }
        value = _values[node];
        return _present[node];
    }

    /// <summary>Resolves every child of an object in one pass; duplicate names: the last wins, as with TryGetProperty.</summary>
    private void Expand(int node)
    {
        var table = _byLength[node];
        foreach (var child in _shape.Children(node))
        {
            _resolved[child] = true;
        }
        if (!TryGet(node, out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var property in element.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            var matched = false;
            if (raw.Length < MaxIndexedLength && table[raw.Length] is { } candidates)
            {
                foreach (var child in candidates)
                {
                    if (raw.SequenceEqual(_shape.Name(child)))
                    {
                        _values[child] = property.Value;
                        _present[child] = matched = true;
                        break;
                    }
                }
            }
            if (!matched && raw.IndexOf((byte)'\\') >= 0)
            {
                foreach (var child in _shape.Children(node))
                {
                    if (property.NameEquals(_shape.Name(child)))
                    {
                        _values[child] = property.Value;
                        _present[child] = true;
                        break;
                    }
                }
            }
        }
    }
}
