namespace Palisade.Policy.Cel;

/// <summary>
/// The compile-time checks an untyped engine can still make, so a policy with a typo fails when it is loaded, not
/// silently on every object: references to undeclared variables (and to undeclared entries of <c>variables</c>),
/// calls to functions no library defines, and regular expressions that do not compile.
/// </summary>
internal static class CelChecker
{
    private static readonly HashSet<string> Functions =
    [
        // standard
        "size", "contains", "startsWith", "endsWith", "matches", "int", "uint", "double", "string", "bytes", "bool", "type", "dyn",
        // strings extension and format
        "charAt", "indexOf", "lastIndexOf", "lowerAscii", "upperAscii", "replace", "split", "substring", "trim", "join", "reverse", "format",
        "strings.quote", "base64.encode", "base64.decode",
        // optionals
        "optional.of", "optional.none", "optional.ofNonZeroValue", "hasValue", "value", "orValue", "or", "optMap", "optFlatMap",
        // Kubernetes lists, regex, quantity, URL, semver
        "isSorted", "sum", "min", "max", "find", "findAll", "quantity", "isQuantity", "isInteger", "asInteger", "asApproximateFloat",
        "sign", "add", "sub", "isLessThan", "isGreaterThan", "compareTo", "url", "isURL", "getScheme", "getHost", "getHostname", "getPort",
        "getEscapedPath", "getQuery", "semver", "isSemver", "major", "minor", "patch",
        // IP and CIDR
        "ip", "isIP", "ip.isCanonical", "family", "isUnspecified", "isLoopback", "isLinkLocalMulticast", "isLinkLocalUnicast", "isGlobalUnicast",
        "cidr", "isCIDR", "containsIP", "containsCIDR", "masked", "prefixLength",
        // math and lists extensions
        "math.greatest", "math.least", "math.ceil", "math.floor", "math.round", "math.trunc", "math.abs", "math.sign", "math.isNaN",
        "math.isInf", "math.isFinite", "math.sqrt", "math.bitAnd", "math.bitOr", "math.bitXor", "math.bitNot", "math.bitShiftLeft",
        "math.bitShiftRight", "lists.range", "slice", "flatten", "distinct", "sort", "first", "last",
        // timestamps and durations
        "timestamp", "duration", "getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek", "getHours", "getMinutes",
        "getSeconds", "getMilliseconds",
        // authorizer
        "group", "resource", "subresource", "namespace", "name", "check", "allowed", "reason", "errored", "error", "path", "serviceAccount",
    ];

    private static readonly HashSet<string> RegexFunctions = ["matches", "find", "findAll"];

    /// <summary>Throws a <see cref="CelSyntaxException"/> at the first problem; returns the tree with literal patterns compiled.</summary>
    public static CelExpr Check(CelExpr root, CelDeclarations declarations)
    {
        var scope = new List<string>();
        return Visit(root);

        CelExpr Visit(CelExpr expr)
        {
            switch (expr)
            {
                case CelIdent ident:
                    if (!Declared(ident.Name))
                    {
                        throw new CelSyntaxException($"undeclared reference to '{ident.Name}'", ident.Position);
                    }
                    return expr;
                case CelSelect select:
                    if (Root(select) is { } root && !Declared(root.Name))
                    {
                        if (DottedName(select) is { } typeName && CelInterpreter.IsTypeName(typeName))
                        {
                            return expr;
                        }
                        throw new CelSyntaxException($"undeclared reference to '{root.Name}'", root.Position);
                    }
                    if (select.Operand is CelIdent { Name: "variables" } && !scope.Contains("variables") && declarations.Variables is { } names && !names.Contains(select.Field))
                    {
                        throw new CelSyntaxException($"undeclared reference to 'variables.{select.Field}' (no variable of that name in this policy)", select.Position);
                    }
                    return select with { Operand = Visit(select.Operand) };
                case CelCall call:
                    return VisitCall(call);
                case CelList list:
                    return list with { Elements = [.. list.Elements.Select(Visit)] };
                case CelMapExpr map:
                    return map with { Entries = [.. map.Entries.Select(e => (Visit(e.Key), Visit(e.Value)))] };
                case CelComprehension c:
                    var range = Visit(c.Range);
                    var init = Visit(c.AccuInit);
                    scope.Add(c.AccuVar);
                    var result = Visit(c.Result);
                    scope.Add(c.IterVar);
                    if (c.IterVar2 is not null)
                    {
                        scope.Add(c.IterVar2);
                    }
                    var condition = Visit(c.LoopCondition);
                    var step = Visit(c.LoopStep);
                    scope.RemoveRange(scope.Count - (c.IterVar2 is null ? 2 : 3), c.IterVar2 is null ? 2 : 3);
                    return c with { Range = range, AccuInit = init, LoopCondition = condition, LoopStep = step, Result = result };
                default:
                    return expr;
            }
        }

        CelExpr VisitCall(CelCall call)
        {
            var name = call.Function;
            var target = call.Target;
            if (target is not null && DottedName(target) is { } space && Root(target) is { } root && !Declared(root.Name))
            {
                name = $"{space}.{name}";
                target = null;
            }
            else if (target is not null)
            {
                target = Visit(target);
            }
            if (!(name.StartsWith('_') || name.StartsWith('@') || name is "-_" or "!_") && !Functions.Contains(name))
            {
                throw new CelSyntaxException($"undeclared reference to function '{name}'", call.Position);
            }
            List<CelExpr> args;
            if (name is "optMap" or "optFlatMap" && call.Args is [CelIdent bound, var body])
            {
                // opt.optMap(x, body): x is bound inside body only.
                scope.Add(bound.Name);
                args = [bound, Visit(body)];
                scope.RemoveAt(scope.Count - 1);
            }
            else
            {
                args = [.. call.Args.Select(Visit)];
            }
            if (RegexFunctions.Contains(name))
            {
                var patternIndex = call.Target is null ? 1 : 0;
                if (args.Count > patternIndex && args[patternIndex] is CelLiteral { Value: string pattern } literal)
                {
                    args[patternIndex] = CelRegex.Compile(pattern) switch
                    {
                        CelRegex regex => literal with { Value = regex },
                        CelError error => throw new CelSyntaxException(error.Message, literal.Position),
                        _ => literal,
                    };
                }
            }
            return call.Target is not null && target is null ? call with { Args = args } : call with { Target = target, Args = args };
        }

        bool Declared(string name) => scope.Contains(name) || declarations.Names.Contains(name) || CelInterpreter.IsTypeName(name);
    }

    private static CelIdent? Root(CelExpr expr) => expr switch
    {
        CelIdent ident => ident,
        CelSelect select => Root(select.Operand),
        _ => null,
    };

    private static string? DottedName(CelExpr expr) => expr switch
    {
        CelIdent ident => ident.Name,
        CelSelect { TestOnly: false } select when DottedName(select.Operand) is { } prefix => $"{prefix}.{select.Field}",
        _ => null,
    };
}

/// <summary>The variables an expression may use; <see cref="Variables"/>, when set, the names under <c>variables.</c>.</summary>
public sealed record CelDeclarations(IReadOnlySet<string> Names, IReadOnlySet<string>? Variables = null);
