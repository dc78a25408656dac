namespace Palisade.Audit.Rules;

/// <summary>
/// The property names a rule set reads, as a tree shared by every rule (verb, objectRef.resource, user.username …):
/// each distinct chain of names gets one node, so an event's object is looked into once however many rules ask.
/// Built while rules are compiled, then read by <see cref="EventView"/>.
/// </summary>
public sealed class EventShape
{
    public const int Root = 0;

    /// <summary>The envelope every reader looks at: the event's kind and apiVersion, and an EventList's items.</summary>
    public const int Kind = 1;
    public const int ApiVersion = 2;
    public const int Items = 3;

    private readonly List<int> _parents = [-1];
    private readonly List<byte[]> _names = [[]];
    private readonly List<List<int>> _children = [[]];
    private int[]?[][]? _byLength;

    public EventShape()
    {
        foreach (var name in new[] { "kind", "apiVersion", "items" })
        {
            Child(Root, new PathStep(StepKind.Property, name));
        }
    }

    public int Count => _parents.Count;

    internal int Parent(int node) => _parents[node];

    internal byte[] Name(int node) => _names[node];

    internal List<int> Children(int node) => _children[node];

    /// <summary>The node of a name under a parent, added on first use (before the first event is scanned).</summary>
    public int Child(int parent, PathStep step)
    {
        if (_byLength is not null)
        {
            throw new InvalidOperationException("the shape is fixed once events are scanned with it");
        }
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

    /// <summary>The child of a node whose UTF-8 name is the given one, or -1; names are bucketed by length.</summary>
    internal int Find(int parent, ReadOnlySpan<byte> name)
    {
        var table = _byLength ??= BuildTable();
        var buckets = table[parent];
        if (name.Length < buckets.Length && buckets[name.Length] is { } candidates)
        {
            foreach (var child in candidates)
            {
                if (name.SequenceEqual(_names[child]))
                {
                    return child;
                }
            }
        }
        return -1;
    }

    internal bool HasChildren(int node) => (_byLength ??= BuildTable())[node].Length > 0;

    private int[]?[][] BuildTable() =>
        [.. Enumerable.Range(0, Count).Select(node =>
        {
            var children = _children[node];
            var longest = children.Count == 0 ? -1 : children.Max(c => _names[c].Length);
            return Enumerable.Range(0, longest + 1).Select(length => children.Where(c => _names[c].Length == length).ToArray() is { Length: > 0 } same ? same : null).ToArray();
        })];
}
