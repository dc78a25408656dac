namespace Palisade.Policy.Cel;

/// <summary>Evaluates one expression tree against one activation (the variables, and the comprehension variables in scope).</summary>
internal sealed class CelInterpreter(IReadOnlyDictionary<string, object?> variables, long costLimit)
{
    private static readonly HashSet<string> TypeNames = ["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type", "optional_type", "net.IP", "net.CIDR", "kubernetes.Quantity", "kubernetes.URL", "kubernetes.Semver", "google.protobuf.Timestamp", "google.protobuf.Duration"];
    private readonly List<(string Name, object? Value)> _scope = [];

    public static bool IsTypeName(string name) => TypeNames.Contains(name);
    private long _cost;

    public object? Evaluate(CelExpr expr)
    {
        if (++_cost > costLimit)
        {
            return new CelError($"cost limit of {costLimit:N0} exceeded");
        }
        switch (expr)
        {
            case CelLiteral literal:
                return literal.Value;
            case CelIdent ident:
                return Lookup(ident.Name, out var found) ? found
                    : TypeNames.Contains(ident.Name) ? new CelType(ident.Name)
                    : new CelError($"undeclared reference to '{ident.Name}'");
            case CelSelect select:
                return Select(select);
            case CelList list:
                var items = new List<object?>(list.Elements.Count);
                foreach (var element in list.Elements)
                {
                    var optional = element is CelCall { Function: "@optional_entry" } entry;
                    var value = Evaluate(optional ? ((CelCall)element).Args[0] : element);
                    if (value is CelError)
                    {
                        return value;
                    }
                    if (!optional)
                    {
                        items.Add(value);
                    }
                    else if (value is CelOptional o)
                    {
                        if (o.HasValue)
                        {
                            items.Add(o.Value);
                        }
                    }
                    else
                    {
                        return new CelError($"an optional list element needs an optional value, not '{CelLibrary.TypeOf(value).Name}'");
                    }
                }
                return items;
            case CelMapExpr map:
                return Map(map);
            case CelComprehension comprehension:
                return Comprehension(comprehension);
            case CelCall call:
                return Call(call);
            default:
                return new CelError($"unsupported expression {expr.GetType().Name}");
        }
    }

    private bool Lookup(string name, out object? value)
    {
        for (var i = _scope.Count - 1; i >= 0; i--)
        {
            if (_scope[i].Name == name)
            {
                value = _scope[i].Value;
                return true;
            }
        }
        if (!variables.TryGetValue(name, out value))
        {
            return false;
        }
        if (value is CelLazy lazy)
        {
            value = lazy.Compute();
        }
        return true;
    }

    private object? Select(CelSelect select)
    {
        // A dotted name may be one variable ("a.b.c" bound as such) before it is field selections.
        if (HasDottedVariables && select.Dotted is { } dotted && Lookup(dotted, out var bound) && !select.TestOnly)
        {
            return bound;
        }
        if (select.Dotted is { } typeName && TypeNames.Contains(typeName) && !Lookup(typeName[..typeName.IndexOf('.', StringComparison.Ordinal)], out _))
        {
            return new CelType(typeName);
        }
        var operand = Evaluate(select.Operand);
        if (operand is CelError)
        {
            return operand;
        }
        if (operand is CelOptional optional)
        {
            // Selection on an optional stays optional: a missing field is none, not an error.
            if (!optional.HasValue)
            {
                return select.TestOnly ? false : CelOptional.None;
            }
            if (optional.Value is CelMap inner)
            {
                var found = inner.TryGet(select.Field, out var field);
                return select.TestOnly ? found : found ? CelOptional.Of(field) : CelOptional.None;
            }
            return new CelError($"type '{CelLibrary.TypeOf(optional.Value).Name}' does not support field selection ('{select.Field}')");
        }
        if (operand is CelMap map)
        {
            var present = map.TryGet(select.Field, out var value);
            return select.TestOnly ? present : present ? value : new CelError($"no such key: '{select.Field}'");
        }
        if (operand is ICelFields fields)
        {
            var has = fields.TryGetField(select.Field, out var field);
            return select.TestOnly ? has : has ? field : new CelError($"no such field: '{select.Field}'");
        }
        return new CelError($"type '{CelLibrary.TypeOf(operand).Name}' does not support field selection ('{select.Field}')");
    }

    private static string? DottedName(CelExpr expr) => expr switch
    {
        CelIdent ident => ident.Name,
        CelSelect { TestOnly: false } select => select.Dotted,
        _ => null,
    };

    private static string? RootName(CelExpr expr)
    {
        while (expr is CelSelect { TestOnly: false } select)
        {
            expr = select.Operand;
        }
        return (expr as CelIdent)?.Name;
    }

    private static readonly object True = true;
    private static readonly object False = false;

    /// <summary>Whether any variable's name has a dot (then "a.b" may be that variable rather than a selection); checked once.</summary>
    private bool HasDottedVariables => _hasDottedVariables ??= variables.Keys.Any(k => k.Contains('.', StringComparison.Ordinal));

    private bool? _hasDottedVariables;

    private object? Map(CelMapExpr expr)
    {
        var map = new CelMap();
        foreach (var (keyExpr, valueExpr) in expr.Entries)
        {
            var key = Evaluate(keyExpr);
            if (key is CelError)
            {
                return key;
            }
            var optional = valueExpr is CelCall { Function: "@optional_entry" };
            var value = Evaluate(optional ? ((CelCall)valueExpr).Args[0] : valueExpr);
            if (value is CelError)
            {
                return value;
            }
            if (optional)
            {
                if (value is not CelOptional entry)
                {
                    return new CelError($"an optional map entry needs an optional value, not '{CelLibrary.TypeOf(value).Name}'");
                }
                if (!entry.HasValue)
                {
                    continue;
                }
                value = entry.Value;
            }
            if (!CelMap.IsKeyType(key))
            {
                return new CelError($"unsupported key type '{CelLibrary.TypeOf(key).Name}'");
            }
            if (!map.TryAdd(key!, value))
            {
                return new CelError($"repeated key in a map literal: {key}");
            }
        }
        return map;
    }

    private object? Comprehension(CelComprehension c)
    {
        var range = Evaluate(c.Range);
        if (range is CelError)
        {
            return range;
        }
        var list = range as IReadOnlyList<object?>;
        var entries = range is CelMap map ? map.Entries : null;
        if (list is null && entries is null)
        {
            return new CelError($"cannot iterate over '{CelLibrary.TypeOf(range).Name}'");
        }
        var count = list?.Count ?? entries!.Count;
        var accumulator = Evaluate(c.AccuInit);
        _scope.Add((c.AccuVar, accumulator));
        var accuIndex = _scope.Count - 1;
        try
        {
            for (var i = 0; i < count; i++)
            {
                // A list gives its elements (or index and element); a map its keys (or key and value).
                var (first, second) = list is not null
                    ? (c.IterVar2 is null ? (list[i], null) : ((object?)(long)i, list[i]))
                    : (entries![i].Key, entries[i].Value);
                _scope[accuIndex] = (c.AccuVar, accumulator);
                if (Evaluate(c.LoopCondition) is not true)
                {
                    break;
                }
                _scope.Add((c.IterVar, first));
                if (c.IterVar2 is not null)
                {
                    _scope.Add((c.IterVar2, second));
                }
                try
                {
                    accumulator = Evaluate(c.LoopStep);
                }
                finally
                {
                    _scope.RemoveRange(accuIndex + 1, _scope.Count - accuIndex - 1);
                }
                if (_cost > costLimit)
                {
                    return new CelError($"cost limit of {costLimit:N0} exceeded");
                }
            }
            _scope[accuIndex] = (c.AccuVar, accumulator);
            return Evaluate(c.Result);
        }
        finally
        {
            _scope.RemoveAt(accuIndex);
        }
    }

    private object? Call(CelCall call)
    {
        switch (call.Function)
        {
            case "_&&_":
                return Logical(call, stopOn: false);
            case "_||_":
                return Logical(call, stopOn: true);
            case "_?_:_" when call.Target is null:
                return Evaluate(call.Args[0]) switch
                {
                    true => Evaluate(call.Args[1]),
                    false => Evaluate(call.Args[2]),
                    CelError error => error,
                    var other => new CelError($"no matching overload for '_?_:_' applied to '{CelLibrary.TypeOf(other).Name}'"),
                };
            case "@not_strictly_false":
                return Evaluate(call.Args[0]) is false ? False : True;
            case "_?._" when call.Target is null && call.Args is [var operandExpr, CelLiteral { Value: string field }]:
                // Optional field selection, the commonest call in admission policies: no argument array.
                var operand = Evaluate(operandExpr);
                return operand switch
                {
                    CelError => operand,
                    CelMap fields => fields.TryGet(field, out var value) ? CelOptional.Of(value) : CelOptional.None,
                    CelOptional { HasValue: false } => CelOptional.None,
                    CelOptional { Value: CelMap inner } => inner.TryGet(field, out var innerValue) ? CelOptional.Of(innerValue) : CelOptional.None,
                    _ => CelLibrary.Invoke("_?._", false, null, [operand, field]),
                };
            case "optMap" or "optFlatMap" when call.Target is not null && call.Args is [CelIdent variable, var body]:
                return OptionalMap(call, variable.Name, body);
        }
        // strings.quote(…), math.greatest(…): a dotted name that is no variable is a function's namespace.
        if (call.Target is CelIdent or CelSelect && RootName(call.Target) is { } root && !Lookup(root, out _) && DottedName(call.Target) is { } space && !Lookup(space, out _))
        {
            return Call(call with { Target = null, Function = $"{space}.{call.Function}" });
        }
        object? target = null;
        if (call.Target is not null)
        {
            target = Evaluate(call.Target);
            if (target is CelError)
            {
                return target;
            }
        }
        var args = new object?[call.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Evaluate(call.Args[i]);
            if (args[i] is CelError)
            {
                return args[i];
            }
        }
        return CelLibrary.Fast(call.Function, call.Target is not null, target, args, out var quick) ? quick : CelLibrary.Invoke(call.Function, call.Target is not null, target, args);
    }

    /// <summary>opt.optMap(x, e) is optional.of(e) with x bound to the value; optFlatMap's e is itself optional; none stays none.</summary>
    private object? OptionalMap(CelCall call, string variable, CelExpr body)
    {
        var target = Evaluate(call.Target!);
        if (target is CelError)
        {
            return target;
        }
        if (target is not CelOptional optional)
        {
            return new CelError($"{call.Function}() needs an optional, not '{CelLibrary.TypeOf(target).Name}'");
        }
        if (!optional.HasValue)
        {
            return CelOptional.None;
        }
        _scope.Add((variable, optional.Value));
        try
        {
            var result = Evaluate(body);
            return result is CelError || call.Function == "optFlatMap" ? result : CelOptional.Of(result);
        }
        finally
        {
            _scope.RemoveAt(_scope.Count - 1);
        }
    }

    /// <summary>&amp;&amp; and || are commutative over errors: a decisive operand wins over an error on either side.</summary>
    private object? Logical(CelCall call, bool stopOn)
    {
        var left = Evaluate(call.Args[0]);
        if (left is bool l && l == stopOn)
        {
            return stopOn ? True : False;
        }
        var right = Evaluate(call.Args[1]);
        if (right is bool r && r == stopOn)
        {
            return stopOn ? True : False;
        }
        if (left is bool && right is bool)
        {
            return stopOn ? False : True;
        }
        return left as CelError ?? right as CelError
            ?? new CelError($"no matching overload for '{call.Function}' applied to ('{CelLibrary.TypeOf(left).Name}', '{CelLibrary.TypeOf(right).Name}')");
    }
}
