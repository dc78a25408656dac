using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Palisade.Audit.Rules;

/// <summary>
/// A compiled <see cref="FieldCondition"/>: values pre-encoded to UTF-8 and compared with the event's bytes in place,
/// so most tests neither decode nor allocate; only regular expressions and list prefixes see decoded text.
/// </summary>
internal sealed class FieldTest : IEventTest, IValueVisitor
{
    private const int StackChars = 512;
    private readonly BoundPath _path;
    private readonly Operator _op;
    private readonly bool _negate;
    private readonly byte[][] _values;
    private readonly Regex? _regex;
    private readonly double _atLeast;
    private readonly IReadOnlyList<string> _list;
    private readonly bool _listOfImages;

    // The same few identities and images recur on every line: each value's answer is remembered (bounded).
    private const int MaxRemembered = 8192;
    private readonly Dictionary<string, bool> _remembered = new(StringComparer.Ordinal);

    public FieldTest(FieldCondition condition, BoundPath path, RuleSettings settings)
    {
        _path = path;
        _op = condition.Op;
        _negate = condition.Negate;
        _values = [.. condition.Values.Select(Encoding.UTF8.GetBytes)];
        if (_op == Operator.Matches)
        {
            _regex = new Regex(condition.Values[0], RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
        }
        if (_op == Operator.AtLeast)
        {
            _atLeast = double.Parse(condition.Values[0], CultureInfo.InvariantCulture);
        }
        if (_op is Operator.InList or Operator.NotInList)
        {
            _list = [.. condition.Values.SelectMany(settings.List)];
            _listOfImages = condition.Values.All(name => name.EndsWith("registries", StringComparison.Ordinal));
        }
        else
        {
            _list = [];
        }
    }

    public bool Holds(EventView view)
    {
        var reached = _path.Any(view, this);
        return (_op == Operator.Missing ? !reached : reached) != _negate;
    }

    public bool Visit(JsonTokenType token, ReadOnlySpan<byte> text) =>
        token != JsonTokenType.Null && (_op is Operator.Exists or Operator.Missing || Test(text));

    public bool VisitKey(ReadOnlySpan<byte> key) => _op is Operator.Exists or Operator.Missing || Test(key);

    private bool Test(ReadOnlySpan<byte> text)
    {
        switch (_op)
        {
            case Operator.Equals or Operator.In:
                foreach (var value in _values)
                {
                    if (text.SequenceEqual(value))
                    {
                        return true;
                    }
                }
                return false;
            case Operator.StartsWith:
                foreach (var value in _values)
                {
                    if (text.StartsWith(value))
                    {
                        return true;
                    }
                }
                return false;
            case Operator.Contains:
                foreach (var value in _values)
                {
                    if (text.IndexOf(value) >= 0)
                    {
                        return true;
                    }
                }
                return false;
            case Operator.AtLeast:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= _atLeast;
            case Operator.Matches:
                return IsMatch(text);
            case Operator.InList:
                return Remembered(text);
            case Operator.NotInList:
                return !Remembered(text);
            default:
                return false;
        }
    }

    private bool Remembered(ReadOnlySpan<byte> text)
    {
        Span<char> stack = stackalloc char[StackChars];
        if (text.Length > StackChars)
        {
            return InList(Encoding.UTF8.GetString(text));
        }
        var chars = stack[..Encoding.UTF8.GetChars(text, stack)];
        var lookup = _remembered.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var known))
        {
            return known;
        }
        var value = chars.ToString();
        var answer = InList(value);
        if (_remembered.Count >= MaxRemembered)
        {
            _remembered.Clear();
        }
        _remembered[value] = answer;
        return answer;
    }

    private bool IsMatch(ReadOnlySpan<byte> text)
    {
        char[]? rented = null;
        var buffer = text.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(text.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(text, buffer);
            return _regex!.IsMatch(buffer[..length]);
        }
        catch (RegexMatchTimeoutException)
        {
            // A value built to make the expression backtrack is not evidence either way.
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Match against named lists: an entry with '*' is a glob over the whole value, any other a prefix; image
    /// references are compared in full form (nginx is docker.io/library/nginx).
    /// </summary>
    private bool InList(string text)
    {
        var value = _listOfImages ? FullImage(text) : text;
        foreach (var entry in _list)
        {
            if (entry.Contains('*', StringComparison.Ordinal) ? Core.Suppressions.Glob.IsMatch(entry, value) : value.StartsWith(entry, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    internal static string FullImage(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : image[..slash];
        var hasRegistry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
        return hasRegistry ? image : slash < 0 ? "docker.io/library/" + image : "docker.io/" + image;
    }
}
