namespace Palisade.Policy.Cel;

/// <summary>
/// Parses CEL (the language definition's grammar: ternary, ||, &amp;&amp;, relations, +-, */%, unary, member access,
/// calls, lists, maps) into <see cref="CelExpr"/>, expanding the standard macros (has, all, exists, exists_one, map,
/// filter). Depth is capped so a hostile expression cannot exhaust the stack.
/// </summary>
public sealed class CelParser
{
    private const int MaxDepth = 200;
    private const string Result = "@result";
    private static readonly HashSet<string> Reserved = ["as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"];

    private readonly List<CelToken> _tokens;
    private int _next;
    private int _depth;

    private CelParser(string text) => _tokens = CelLexer.Tokenize(text);

    /// <exception cref="CelSyntaxException">The text is not a CEL expression.</exception>
    public static CelExpr Parse(string text)
    {
        var parser = new CelParser(text);
        var expr = parser.Expression();
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw new CelSyntaxException($"unexpected '{parser.Peek.Text}'", parser.Peek.Position);
        }
        CheckDepth(expr);
        return expr;
    }

    /// <summary>
    /// Long operator chains (1 + 1 + … or a.b.c…) nest without recursing in the parser, but evaluation recurses: the
    /// tree's depth is checked here, iteratively, so no expression can exhaust the evaluator's stack.
    /// </summary>
    private static void CheckDepth(CelExpr root)
    {
        const int MaxTreeDepth = 1000;
        var pending = new Stack<(CelExpr Expr, int Depth)>();
        pending.Push((root, 1));
        while (pending.TryPop(out var item))
        {
            if (item.Depth > MaxTreeDepth)
            {
                throw new CelSyntaxException($"expression nested more than {MaxTreeDepth} levels deep", item.Expr.Position);
            }
            IEnumerable<CelExpr> children = item.Expr switch
            {
                CelSelect s => [s.Operand],
                CelCall c => c.Target is null ? c.Args : [c.Target, .. c.Args],
                CelList l => l.Elements,
                CelMapExpr m => m.Entries.SelectMany(e => new[] { e.Key, e.Value }),
                CelComprehension c => [c.Range, c.AccuInit, c.LoopCondition, c.LoopStep, c.Result],
                _ => [],
            };
            foreach (var child in children)
            {
                pending.Push((child, item.Depth + 1));
            }
        }
    }

    private CelToken Peek => _tokens[_next];

    private bool At(string punctuation) => Peek.Kind == TokenKind.Punctuation && Peek.Text == punctuation;

    private bool Accept(string punctuation)
    {
        if (!At(punctuation))
        {
            return false;
        }
        _next++;
        return true;
    }

    private CelToken Expect(string punctuation) =>
        At(punctuation) ? _tokens[_next++] : throw new CelSyntaxException($"expected '{punctuation}' but found '{(Peek.Kind == TokenKind.End ? "end of expression" : Peek.Text)}'", Peek.Position);

    private CelExpr Expression()
    {
        if (++_depth > MaxDepth)
        {
            throw new CelSyntaxException("expression nested too deeply", Peek.Position);
        }
        try
        {
            var condition = Or();
            if (At("?"))
            {
                var position = _tokens[_next++].Position;
                var whenTrue = Or();
                Expect(":");
                var whenFalse = Expression();
                return new CelCall(null, "_?_:_", [condition, whenTrue, whenFalse], position);
            }
            return condition;
        }
        finally
        {
            _depth--;
        }
    }

    private CelExpr Or() => Binary(And, "||");

    private CelExpr And() => Binary(Relation, "&&");

    private CelExpr Binary(Func<CelExpr> operand, string op)
    {
        var left = operand();
        while (At(op))
        {
            var position = _tokens[_next++].Position;
            left = new CelCall(null, $"_{op}_", [left, operand()], position);
        }
        return left;
    }

    private CelExpr Relation()
    {
        var left = Addition();
        while (true)
        {
            if (Peek.Kind == TokenKind.Identifier && Peek.Text == "in" && Peek.Value is null)
            {
                var position = _tokens[_next++].Position;
                left = new CelCall(null, "@in", [left, Addition()], position);
                continue;
            }
            if (Peek.Kind == TokenKind.Punctuation && Peek.Text is "<" or "<=" or ">" or ">=" or "==" or "!=")
            {
                var token = _tokens[_next++];
                left = new CelCall(null, $"_{token.Text}_", [left, Addition()], token.Position);
                continue;
            }
            return left;
        }
    }

    private CelExpr Addition()
    {
        var left = Multiplication();
        while (Peek.Kind == TokenKind.Punctuation && Peek.Text is "+" or "-")
        {
            var token = _tokens[_next++];
            left = new CelCall(null, $"_{token.Text}_", [left, Multiplication()], token.Position);
        }
        return left;
    }

    private CelExpr Multiplication()
    {
        var left = Unary();
        while (Peek.Kind == TokenKind.Punctuation && Peek.Text is "*" or "/" or "%")
        {
            var token = _tokens[_next++];
            left = new CelCall(null, $"_{token.Text}_", [left, Unary()], token.Position);
        }
        return left;
    }

    private CelExpr Unary()
    {
        if (++_depth > MaxDepth)
        {
            throw new CelSyntaxException("expression nested too deeply", Peek.Position);
        }
        try
        {
            return UnaryOperand();
        }
        finally
        {
            _depth--;
        }
    }

    private CelExpr UnaryOperand()
    {
        if (At("!"))
        {
            var position = _tokens[_next++].Position;
            return new CelCall(null, "!_", [Unary()], position);
        }
        if (At("-"))
        {
            var position = _tokens[_next++].Position;
            // -9223372036854775808 is an int literal; everything else is negation of what follows.
            if (Peek.Kind == TokenKind.Int && (_tokens[_next + 1].Kind != TokenKind.Punctuation || _tokens[_next + 1].Text is not ("." or "[")))
            {
                var token = _tokens[_next++];
                var magnitude = (ulong)token.Value!;
                return magnitude <= 9223372036854775808UL
                    ? Member(new CelLiteral(magnitude == 9223372036854775808UL ? long.MinValue : -(long)magnitude, position))
                    : throw new CelSyntaxException("int literal out of range", token.Position);
            }
            return new CelCall(null, "-_", [Unary()], position);
        }
        return Member(Primary());
    }

    private CelExpr Member(CelExpr operand)
    {
        while (true)
        {
            if (At(".") && _tokens[_next + 1] is { Kind: TokenKind.Punctuation, Text: "?" })
            {
                // a.?b: the field if present, as an optional.
                _next += 2;
                var field = Peek.Kind == TokenKind.Identifier ? _tokens[_next++] : throw new CelSyntaxException("expected a field name after '.?'", Peek.Position);
                operand = new CelCall(null, "_?._", [operand, new CelLiteral(field.Text, field.Position)], field.Position);
                continue;
            }
            if (At("."))
            {
                _next++;
                var name = Peek.Kind == TokenKind.Identifier ? _tokens[_next++] : throw new CelSyntaxException("expected a field name after '.'", Peek.Position);
                if (At("("))
                {
                    _next++;
                    operand = Macro(operand, name.Text, Arguments(")"), name.Position);
                }
                else
                {
                    operand = new CelSelect(operand, name.Text, false, name.Position);
                }
                continue;
            }
            if (At("["))
            {
                var position = _tokens[_next++].Position;
                var optional = Accept("?");
                var index = Expression();
                Expect("]");
                operand = new CelCall(null, optional ? "_[?_]" : "_[_]", [operand, index], position);
                continue;
            }
            return operand;
        }
    }

    private CelExpr Primary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.Int:
                _next++;
                var value = (ulong)token.Value!;
                return value <= long.MaxValue ? new CelLiteral((long)value, token.Position) : throw new CelSyntaxException("int literal out of range", token.Position);
            case TokenKind.Uint or TokenKind.Double or TokenKind.String:
                _next++;
                return new CelLiteral(token.Value, token.Position);
            case TokenKind.Bytes:
                _next++;
                return new CelLiteral(new CelBytes((byte[])token.Value!), token.Position);
            case TokenKind.Identifier:
                _next++;
                switch (token.Text)
                {
                    case "true" when token.Value is null:
                        return new CelLiteral(true, token.Position);
                    case "false" when token.Value is null:
                        return new CelLiteral(false, token.Position);
                    case "null" when token.Value is null:
                        return new CelLiteral(null, token.Position);
                }
                if (Reserved.Contains(token.Text) || token.Text == "in")
                {
                    throw new CelSyntaxException($"'{token.Text}' is a reserved word", token.Position);
                }
                if (At("("))
                {
                    _next++;
                    return Macro(null, token.Text, Arguments(")"), token.Position);
                }
                return new CelIdent(token.Text, token.Position);
            case TokenKind.Punctuation when token.Text == ".":
                // A leading dot names the root scope: .x is the variable x.
                _next++;
                return Primary();
            case TokenKind.Punctuation when token.Text == "(":
                _next++;
                var inner = Expression();
                Expect(")");
                return inner;
            case TokenKind.Punctuation when token.Text == "[":
                _next++;
                return new CelList(Arguments("]", optionalElements: true), token.Position);
            case TokenKind.Punctuation when token.Text == "{":
                _next++;
                var entries = new List<(CelExpr, CelExpr)>();
                while (!Accept("}"))
                {
                    // {?key: optional}: the entry is there only when the optional has a value.
                    var optionalEntry = Accept("?");
                    var key = Expression();
                    Expect(":");
                    var entryValue = Expression();
                    entries.Add((key, optionalEntry ? new CelCall(null, "@optional_entry", [entryValue], entryValue.Position) : entryValue));
                    if (!At("}"))
                    {
                        Expect(",");
                    }
                }
                return new CelMapExpr(entries, token.Position);
            default:
                throw new CelSyntaxException(token.Kind == TokenKind.End ? "unexpected end of expression" : $"unexpected '{token.Text}'", token.Position);
        }
    }

    private List<CelExpr> Arguments(string close, bool optionalElements = false)
    {
        var arguments = new List<CelExpr>();
        while (!Accept(close))
        {
            if (optionalElements && At("?"))
            {
                var position = _tokens[_next++].Position;
                arguments.Add(new CelCall(null, "@optional_entry", [Expression()], position));
            }
            else
            {
                arguments.Add(Expression());
            }
            if (!At(close))
            {
                Expect(",");
            }
        }
        return arguments;
    }

    /// <summary>The standard macros, expanded as the specification defines them; anything else is a plain call.</summary>
    private static CelExpr Macro(CelExpr? target, string name, List<CelExpr> args, int position)
    {
        if (target is null && name == "has" && args.Count == 1)
        {
            return args[0] is CelSelect select
                ? select with { TestOnly = true }
                : throw new CelSyntaxException("has() needs a field selection, e.g. has(object.spec)", position);
        }
        if (target is CelIdent { Name: "cel" } && name == "bind" && args is [CelIdent bound, var init, var body])
        {
            // cel.bind(x, init, body): body with x bound to init, as a loop over nothing whose accumulator is x.
            return new CelComprehension("#unused", new CelList([], position), bound.Name, init, new CelLiteral(false, position), new CelIdent(bound.Name, position), body, position);
        }
        if (target is not null && args.Count >= 3 && args[0] is CelIdent && args[1] is CelIdent && TwoVariableMacro(target, name, args, position) is { } twoVariable)
        {
            return twoVariable;
        }
        if (target is null || name is not ("all" or "exists" or "exists_one" or "existsOne" or "map" or "filter") || args.Count is < 2 or > 3 || (args.Count == 3 && name != "map"))
        {
            return new CelCall(target, name, args, position);
        }
        var variable = args[0] is CelIdent ident ? ident.Name : throw new CelSyntaxException($"{name}() needs a variable name first", position);
        CelExpr Accu() => new CelIdent(Result, position);
        CelExpr Call(string function, params CelExpr[] operands) => new CelCall(null, function, operands, position);
        CelExpr Literal(object? value) => new CelLiteral(value, position);
        return name switch
        {
            "all" => new CelComprehension(variable, target, Result, Literal(true), Call("@not_strictly_false", Accu()), Call("_&&_", Accu(), args[1]), Accu(), position),
            "exists" => new CelComprehension(variable, target, Result, Literal(false), Call("@not_strictly_false", Call("!_", Accu())), Call("_||_", Accu(), args[1]), Accu(), position),
            "exists_one" or "existsOne" => new CelComprehension(variable, target, Result, Literal(0L), Literal(true), Call("_?_:_", args[1], Call("_+_", Accu(), Literal(1L)), Accu()), Call("_==_", Accu(), Literal(1L)), position),
            "map" when args.Count == 2 => new CelComprehension(variable, target, Result, new CelList([], position), Literal(true), Call("_+_", Accu(), new CelList([args[1]], position)), Accu(), position),
            "map" => new CelComprehension(variable, target, Result, new CelList([], position), Literal(true), Call("_?_:_", args[1], Call("_+_", Accu(), new CelList([args[2]], position)), Accu()), Accu(), position),
            _ => new CelComprehension(variable, target, Result, new CelList([], position), Literal(true), Call("_?_:_", args[1], Call("_+_", Accu(), new CelList([new CelIdent(variable, position)], position)), Accu()), Accu(), position),
        };
    }

    /// <summary>
    /// The two-variable macros (all, exists, existsOne, transformList, transformMap, transformMapEntry): the first
    /// variable is a list's index or a map's key, the second its element or value.
    /// </summary>
    private static CelComprehension? TwoVariableMacro(CelExpr target, string name, List<CelExpr> args, int position)
    {
        var first = ((CelIdent)args[0]).Name;
        var second = ((CelIdent)args[1]).Name;
        if (first == second)
        {
            throw new CelSyntaxException($"{name}() needs two different variable names", position);
        }
        CelExpr Accu() => new CelIdent(Result, position);
        CelExpr Call(string function, params CelExpr[] operands) => new CelCall(null, function, operands, position);
        CelExpr Literal(object? value) => new CelLiteral(value, position);
        CelExpr Filtered(CelExpr step) => args.Count == 4 ? Call("_?_:_", args[2], step, Accu()) : step;
        var emptyMap = new CelMapExpr([], position);
        CelComprehension? loop = (name, args.Count) switch
        {
            ("all", 3) => new CelComprehension(first, target, Result, Literal(true), Call("@not_strictly_false", Accu()), Call("_&&_", Accu(), args[2]), Accu(), position),
            ("exists", 3) => new CelComprehension(first, target, Result, Literal(false), Call("@not_strictly_false", Call("!_", Accu())), Call("_||_", Accu(), args[2]), Accu(), position),
            ("existsOne" or "exists_one", 3) => new CelComprehension(first, target, Result, Literal(0L), Literal(true), Call("_?_:_", args[2], Call("_+_", Accu(), Literal(1L)), Accu()), Call("_==_", Accu(), Literal(1L)), position),
            ("transformList", 3 or 4) => new CelComprehension(first, target, Result, new CelList([], position), Literal(true), Filtered(Call("_+_", Accu(), new CelList([args[^1]], position))), Accu(), position),
            ("transformMap", 3 or 4) => new CelComprehension(first, target, Result, emptyMap, Literal(true), Filtered(Call("@map_insert", Accu(), new CelIdent(first, position), args[^1])), Accu(), position),
            ("transformMapEntry", 3 or 4) => new CelComprehension(first, target, Result, emptyMap, Literal(true), Filtered(Call("@map_merge", Accu(), args[^1])), Accu(), position),
            _ => null,
        };
        return loop is null ? null : loop with { IterVar2 = second };
    }
}
