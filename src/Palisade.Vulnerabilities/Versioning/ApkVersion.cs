namespace Palisade.Vulnerabilities.Versioning;

/// <summary>
/// Alpine (apk) versions: digits separated by dots, an optional letter, suffixes (_alpha, _beta, _pre, _rc before the
/// release; _cvs, _svn, _git, _hg, _p after it) and a package revision (-rN), ordered as apk-tools orders them.
/// </summary>
public sealed class ApkVersion : IVersionScheme
{
    private static readonly string[] PreSuffixes = ["alpha", "beta", "pre", "rc"];
    private static readonly string[] PostSuffixes = ["cvs", "svn", "git", "hg", "p"];

    public string Name => "apk";

    public bool IsValid(string version)
    {
        if (version.Length == 0)
        {
            return false;
        }
        var reader = new Reader(version);
        var type = Token.Digit;
        while (type is not (Token.End or Token.Invalid))
        {
            reader.Get(ref type);
        }
        return type == Token.End;
    }

    public int Compare(string a, string b)
    {
        if (!IsValid(a) || !IsValid(b))
        {
            throw new FormatException($"not a valid apk version: '{(IsValid(a) ? b : a)}'");
        }
        var x = new Reader(a);
        var y = new Reader(b);
        Token at = Token.Digit, bt = Token.Digit;
        Part av = default, bv = default;
        while (at == bt && at is not (Token.End or Token.Invalid) && av.CompareTo(bv) == 0)
        {
            av = x.Get(ref at);
            bv = y.Get(ref bt);
        }
        var byValue = av.CompareTo(bv);
        if (byValue != 0)
        {
            return byValue;
        }
        if (at == bt)
        {
            return 0;
        }
        // Equal so far: the longer version is newer, unless what it has more of is a pre-release suffix.
        var tt = at;
        if (at == Token.Suffix && x.Peek(ref tt).Value < 0)
        {
            return -1;
        }
        tt = bt;
        if (bt == Token.Suffix && y.Peek(ref tt).Value < 0)
        {
            return 1;
        }
        return at > bt ? -1 : bt > at ? 1 : 0;
    }

    /// <summary>
    /// A token's value. A number written with a leading zero after a dot compares as a decimal fraction
    /// (8.2.0015 &lt; 8.2.002 &lt; 8.2.01 &lt; 8.2.1), below any number without one.
    /// </summary>
    private readonly record struct Part(long Value, string? Fraction = null) : IComparable<Part>
    {
        public int CompareTo(Part other) => (Fraction, other.Fraction) switch
        {
            (null, null) => Value.CompareTo(other.Value),
            ({ } a, { } b) => Math.Sign(string.CompareOrdinal(a, b)),
            (null, _) => 1,
            _ => -1,
        };
    }

    private enum Token
    {
        Invalid = -1,
        DigitOrZero = 0,
        Digit = 1,
        Letter = 2,
        Suffix = 3,
        SuffixNumber = 4,
        RevisionNumber = 5,
        End = 6,
    }

    private sealed class Reader(string text)
    {
        private int _position;

        private int Remaining => text.Length - _position;

        public Part Peek(ref Token type)
        {
            var saved = _position;
            var value = Get(ref type);
            _position = saved;
            return value;
        }

        public Part Get(ref Token type)
        {
            if (Remaining <= 0)
            {
                // A separator must be followed by its part: "1.", "1_", "1-r" are not versions.
                type = type is Token.DigitOrZero or Token.Suffix or Token.RevisionNumber ? Token.Invalid : Token.End;
                return default;
            }
            long value = 0;
            string? fraction = null;
            var length = 0;
            var next = Token.Invalid;
            switch (type)
            {
                case Token.DigitOrZero when text[_position] == '0':
                    while (length < Remaining && char.IsAsciiDigit(text[_position + length]))
                    {
                        length++;
                    }
                    fraction = text.Substring(_position, length);
                    next = Token.Digit;
                    break;
                case Token.DigitOrZero:
                case Token.Digit:
                case Token.SuffixNumber:
                case Token.RevisionNumber:
                    while (length < Remaining && char.IsAsciiDigit(text[_position + length]))
                    {
                        value = (value * 10) + (text[_position + length++] - '0');
                        if (value > int.MaxValue)
                        {
                            type = Token.Invalid;
                            return new Part(-1);
                        }
                    }
                    if (length == 0)
                    {
                        // A number part with no digits ("1.18.-r2", "2.15.r-r1") is not a version.
                        type = Token.Invalid;
                        return new Part(-1);
                    }
                    break;
                case Token.Letter:
                    value = text[_position];
                    length = 1;
                    break;
                case Token.Suffix:
                    var pre = Array.FindIndex(PreSuffixes, s => text.AsSpan(_position).StartsWith(s, StringComparison.Ordinal));
                    if (pre >= 0)
                    {
                        value = pre - PreSuffixes.Length;
                        length = PreSuffixes[pre].Length;
                        break;
                    }
                    var post = Array.FindIndex(PostSuffixes, s => text.AsSpan(_position).StartsWith(s, StringComparison.Ordinal));
                    if (post >= 0)
                    {
                        value = post;
                        length = PostSuffixes[post].Length;
                        break;
                    }
                    type = Token.Invalid;
                    return new Part(-1);
                default:
                    type = Token.Invalid;
                    return new Part(-1);
            }
            _position += length;
            if (Remaining == 0)
            {
                type = Token.End;
            }
            else
            {
                if (next != Token.Invalid)
                {
                    type = next;
                }
                Advance(ref type);
            }
            return new Part(value, fraction);
        }

        private void Advance(ref Token type)
        {
            var next = Token.Invalid;
            var c = text[_position];
            if (type is Token.Digit or Token.DigitOrZero && char.IsAsciiLetterLower(c))
            {
                next = Token.Letter;
            }
            else if (type == Token.Letter && char.IsAsciiDigit(c))
            {
                // apk-tools v2 (what Alpine releases ship) accepts a number after the letter: 6.6.2p1.
                next = Token.Digit;
            }
            else if (type == Token.Suffix && char.IsAsciiDigit(c))
            {
                next = Token.SuffixNumber;
            }
            else
            {
                switch (c)
                {
                    case '.':
                        next = Token.DigitOrZero;
                        break;
                    case '_':
                        next = Token.Suffix;
                        break;
                    case '-' when Remaining > 1 && text[_position + 1] == 'r':
                        next = Token.RevisionNumber;
                        _position++;
                        break;
                }
                _position++;
            }
            // Parts come in order (numbers, letter, suffixes, revision last); only these may repeat or step back.
            if ((next < type && !((next == Token.DigitOrZero && type == Token.Digit) || (next == Token.Suffix && type == Token.SuffixNumber)
                    || (next == Token.Digit && type == Token.Letter)))
                || (next == Token.RevisionNumber && type == Token.RevisionNumber))
            {
                next = Token.Invalid;
            }
            type = next;
        }
    }
}
