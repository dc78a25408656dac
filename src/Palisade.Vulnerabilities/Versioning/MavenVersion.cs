using System.Globalization;
using System.Numerics;

namespace Palisade.Vulnerabilities.Versioning;

/// <summary>
/// Maven versions ordered as Maven's ComparableVersion: numbers and qualifiers split at '.', '-' and digit/letter
/// boundaries; alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt; release &lt; sp &lt; unknown qualifiers.
/// </summary>
public sealed class MavenVersion : IVersionScheme
{
    private static readonly string[] Qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
    private static readonly string ReleaseIndex = Array.IndexOf(Qualifiers, "").ToString(CultureInfo.InvariantCulture);

    public string Name => "maven";

    public bool IsValid(string version) => version.Trim().Length > 0;

    public int Compare(string a, string b)
    {
        if (!IsValid(a) || !IsValid(b))
        {
            throw new FormatException("a Maven version cannot be empty");
        }
        return Math.Sign(Parse(a).CompareTo(Parse(b)));
    }

    private abstract record Item
    {
        public abstract bool IsNull { get; }

        public abstract int CompareTo(Item? other);
    }

    private sealed record IntItem(BigInteger Value) : Item
    {
        public override bool IsNull => Value.IsZero;

        public override int CompareTo(Item? other) => other switch
        {
            null => Value.IsZero ? 0 : 1,
            IntItem i => Value.CompareTo(i.Value),
            _ => 1,
        };
    }

    private sealed record StringItem : Item
    {
        public StringItem(string value, bool followedByDigit)
        {
            if (followedByDigit && value.Length == 1)
            {
                value = value[0] switch { 'a' => "alpha", 'b' => "beta", 'm' => "milestone", _ => value };
            }
            Value = value switch { "ga" or "final" or "release" => "", "cr" => "rc", _ => value };
        }

        public string Value { get; }

        public override bool IsNull => Value.Length == 0;

        public override int CompareTo(Item? other) => other switch
        {
            null => string.CompareOrdinal(Comparable(Value), ReleaseIndex),
            StringItem s => string.CompareOrdinal(Comparable(Value), Comparable(s.Value)),
            _ => -1,
        };

        private static string Comparable(string qualifier)
        {
            var index = Array.IndexOf(Qualifiers, qualifier);
            return index >= 0 ? index.ToString(CultureInfo.InvariantCulture) : $"{Qualifiers.Length}-{qualifier}";
        }
    }

    private sealed record ListItem : Item
    {
        public List<Item> Items { get; } = [];

        public override bool IsNull => Items.Count == 0;

        public void Normalize()
        {
            for (var i = Items.Count - 1; i >= 0; i--)
            {
                if (Items[i].IsNull)
                {
                    Items.RemoveAt(i);
                }
                else if (Items[i] is not ListItem)
                {
                    break;
                }
            }
        }

        public override int CompareTo(Item? other)
        {
            switch (other)
            {
                case null:
                    return Items.Count == 0 ? 0 : Items[0].CompareTo(null);
                case IntItem:
                    return -1;
                case StringItem:
                    return 1;
            }
            var right = ((ListItem)other).Items;
            for (var i = 0; i < Math.Max(Items.Count, right.Count); i++)
            {
                var l = i < Items.Count ? Items[i] : null;
                var r = i < right.Count ? right[i] : null;
                var result = l is null ? (r is null ? 0 : -r.CompareTo(null)) : l.CompareTo(r);
                if (result != 0)
                {
                    return result;
                }
            }
            return 0;
        }
    }

    private static ListItem Parse(string text)
    {
        var version = text.Trim().ToLowerInvariant();
        var root = new ListItem();
        var list = root;
        var stack = new Stack<ListItem>();
        stack.Push(list);
        var isDigit = false;
        var start = 0;
        for (var i = 0; i < version.Length; i++)
        {
            var c = version[i];
            if (c is '.' or '-')
            {
                list.Items.Add(i == start ? new IntItem(BigInteger.Zero) : ParseItem(isDigit, version[start..i]));
                start = i + 1;
                if (c == '-')
                {
                    var next = new ListItem();
                    list.Items.Add(next);
                    list = next;
                    stack.Push(list);
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                if (!isDigit && i > start)
                {
                    list.Items.Add(new StringItem(version[start..i], followedByDigit: true));
                    start = i;
                    var next = new ListItem();
                    list.Items.Add(next);
                    list = next;
                    stack.Push(list);
                }
                isDigit = true;
            }
            else
            {
                if (isDigit && i > start)
                {
                    list.Items.Add(ParseItem(true, version[start..i]));
                    start = i;
                    var next = new ListItem();
                    list.Items.Add(next);
                    list = next;
                    stack.Push(list);
                }
                isDigit = false;
            }
        }
        if (version.Length > start)
        {
            list.Items.Add(ParseItem(isDigit, version[start..]));
        }
        while (stack.Count > 0)
        {
            stack.Pop().Normalize();
        }
        return root;
    }

    private static Item ParseItem(bool isDigit, string text) =>
        isDigit ? new IntItem(BigInteger.Parse(text, CultureInfo.InvariantCulture)) : new StringItem(text, followedByDigit: false);
}
