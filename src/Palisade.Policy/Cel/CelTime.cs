using System.Globalization;
using System.Text;

namespace Palisade.Policy.Cel;

/// <summary>A point in time (google.protobuf.Timestamp): nanoseconds since the Unix epoch, years 1 to 9999.</summary>
public sealed record CelTimestamp(Int128 Nanos) : ICelObject
{
    public static readonly Int128 Min = (Int128)(-62135596800L) * 1_000_000_000;
    public static readonly Int128 Max = (Int128)253402300799L * 1_000_000_000 + 999_999_999;

    public CelType Type => new("google.protobuf.Timestamp");

    /// <summary>RFC 3339 in UTC, with as many fractional digits as the value needs (Go's RFC3339Nano).</summary>
    public string Text
    {
        get
        {
            var (seconds, nanos) = CelTime.Split(Nanos);
            var text = new StringBuilder(DateTimeOffset.FromUnixTimeSeconds((long)seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            if (nanos > 0)
            {
                text.Append('.').Append(nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
            }
            return text.Append('Z').ToString();
        }
    }

    public static object Of(Int128 nanos) => nanos < Min || nanos > Max ? new CelError("timestamp out of range") : new CelTimestamp(nanos);
}

/// <summary>A signed span of time (google.protobuf.Duration): a 64-bit count of nanoseconds (about 292 years either way), as CEL's implementations keep it.</summary>
public sealed record CelDuration(Int128 Nanos) : ICelObject
{
    public static readonly Int128 Limit = long.MaxValue;

    public CelType Type => new("google.protobuf.Duration");

    /// <summary>Seconds with a fraction when needed, as "1.5s".</summary>
    public string Text
    {
        get
        {
            var negative = Nanos < 0;
            var magnitude = negative ? -Nanos : Nanos;
            var seconds = magnitude / 1_000_000_000;
            var nanos = (long)(magnitude % 1_000_000_000);
            var fraction = nanos == 0 ? "" : "." + nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
            return $"{(negative ? "-" : "")}{seconds.ToString(CultureInfo.InvariantCulture)}{fraction}s";
        }
    }

    public static object Of(Int128 nanos) => nanos < long.MinValue || nanos > Limit ? new CelError("duration out of range") : new CelDuration(nanos);
}

/// <summary>Timestamps and durations: conversions, arithmetic, and the calendar accessors with an optional time zone.</summary>
internal static class CelTime
{
    private const long NanosPerSecond = 1_000_000_000;

    public static object? Invoke(string function, bool member, object?[] all) => (function, member, all) switch
    {
        ("timestamp", false, [string s]) => ParseTimestamp(s),
        ("timestamp", false, [long seconds]) => CelTimestamp.Of((Int128)seconds * NanosPerSecond),
        ("timestamp", false, [CelTimestamp t]) => t,
        ("duration", false, [string s]) => ParseDuration(s),
        ("duration", false, [CelDuration d]) => d,
        ("int", false, [CelTimestamp t]) => (long)Split(t.Nanos).Seconds,
        ("getHours", true, [CelDuration d]) => (long)(d.Nanos / (3600 * NanosPerSecond)),
        ("getMinutes", true, [CelDuration d]) => (long)(d.Nanos / (60 * NanosPerSecond)),
        ("getSeconds", true, [CelDuration d]) => (long)(d.Nanos / NanosPerSecond),
        ("getMilliseconds", true, [CelDuration d]) => (long)(d.Nanos % NanosPerSecond / 1_000_000),
        (_, true, [CelTimestamp t]) => Accessor(function, t, null),
        (_, true, [CelTimestamp t, string zone]) => Accessor(function, t, zone),
        _ => null,
    };

    public static object? Add(object? a, object? b) => (a, b) switch
    {
        (CelTimestamp t, CelDuration d) => CelTimestamp.Of(t.Nanos + d.Nanos),
        (CelDuration d, CelTimestamp t) => CelTimestamp.Of(t.Nanos + d.Nanos),
        (CelDuration x, CelDuration y) => CelDuration.Of(x.Nanos + y.Nanos),
        _ => null,
    };

    public static object? Subtract(object? a, object? b) => (a, b) switch
    {
        (CelTimestamp t, CelDuration d) => CelTimestamp.Of(t.Nanos - d.Nanos),
        (CelTimestamp x, CelTimestamp y) => CelDuration.Of(x.Nanos - y.Nanos),
        (CelDuration x, CelDuration y) => CelDuration.Of(x.Nanos - y.Nanos),
        _ => null,
    };

    public static int? Compare(object? a, object? b) => (a, b) switch
    {
        (CelTimestamp x, CelTimestamp y) => x.Nanos.CompareTo(y.Nanos),
        (CelDuration x, CelDuration y) => x.Nanos.CompareTo(y.Nanos),
        _ => null,
    };

    public static (Int128 Seconds, long Nanos) Split(Int128 nanos)
    {
        var seconds = nanos / NanosPerSecond;
        var rest = (long)(nanos % NanosPerSecond);
        return rest < 0 ? (seconds - 1, rest + NanosPerSecond) : (seconds, rest);
    }

    /// <summary>RFC 3339: a date, 'T', a time with up to nine fractional digits, and Z or an offset.</summary>
    private static object ParseTimestamp(string text)
    {
        var t = text.IndexOfAny(['T', 't']);
        if (t != 10 || text.Length < 20)
        {
            return new CelError($"timestamp('{text}'): not an RFC 3339 time");
        }
        var zoneAt = text.Length - 1;
        TimeSpan offset;
        if (text[^1] is 'Z' or 'z')
        {
            offset = TimeSpan.Zero;
        }
        else
        {
            zoneAt = text.Length - 6;
            if (zoneAt < 19 || text[zoneAt] is not ('+' or '-') || !TryOffset(text[zoneAt..], out offset))
            {
                return new CelError($"timestamp('{text}'): not an RFC 3339 time");
            }
        }
        var clock = text[11..zoneAt];
        var fraction = 0L;
        if (clock.IndexOf('.', StringComparison.Ordinal) is >= 0 and var dot)
        {
            var digits = clock[(dot + 1)..];
            if (digits.Length is 0 or > 9 || !digits.All(char.IsAsciiDigit))
            {
                return new CelError($"timestamp('{text}'): not an RFC 3339 time");
            }
            fraction = long.Parse(digits.PadRight(9, '0'), CultureInfo.InvariantCulture);
            clock = clock[..dot];
        }
        if (!int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1 or > 9999)
        {
            return new CelError($"timestamp('{text}'): range");
        }
        if (!DateTime.TryParseExact(text[..10] + "T" + clock, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var local))
        {
            return new CelError($"timestamp('{text}'): not an RFC 3339 time");
        }
        var seconds = (Int128)new DateTimeOffset(local, TimeSpan.Zero).ToUnixTimeSeconds() - (long)offset.TotalSeconds;
        return CelTimestamp.Of(seconds * NanosPerSecond + fraction);
    }

    /// <summary>Go's duration syntax: an optional sign, then numbers with units (h, m, s, ms, us, µs, ns), e.g. "1h30m", "1.5s".</summary>
    private static object ParseDuration(string text)
    {
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }
        if (i == text.Length)
        {
            return new CelError($"duration('{text}'): not a duration");
        }
        if (text[i..] == "0")
        {
            return new CelDuration(0);
        }
        Int128 total = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }
            var number = text[start..i];
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }
            Int128? unit = text[unitStart..i] switch
            {
                "ns" => 1,
                "us" or "µs" or "μs" => 1_000,
                "ms" => 1_000_000,
                "s" => NanosPerSecond,
                "m" => 60 * NanosPerSecond,
                "h" => 3600 * NanosPerSecond,
                _ => null,
            };
            if (unit is null || number.Length == 0 || number == "." || number.Count(c => c == '.') > 1 || number.Length > 30)
            {
                return new CelError($"duration('{text}'): not a duration");
            }
            var dot = number.IndexOf('.', StringComparison.Ordinal);
            var whole = dot < 0 ? number : number[..dot];
            var fraction = dot < 0 ? "" : number[(dot + 1)..];
            var value = (whole.Length == 0 ? 0 : Int128.Parse(whole, CultureInfo.InvariantCulture)) * unit.Value;
            if (fraction.Length > 0)
            {
                var digits = fraction.Length > 18 ? fraction[..18] : fraction;
                value += Int128.Parse(digits, CultureInfo.InvariantCulture) * unit.Value / Int128.Parse("1" + new string('0', digits.Length), CultureInfo.InvariantCulture);
            }
            total += value;
            if (total > CelDuration.Limit * 2)
            {
                return new CelError($"duration('{text}'): range");
            }
        }
        return CelDuration.Of(negative ? -total : total);
    }

    private static object? Accessor(string function, CelTimestamp timestamp, string? zone)
    {
        var (seconds, nanos) = Split(timestamp.Nanos);
        var utc = DateTimeOffset.FromUnixTimeSeconds((long)seconds);
        DateTimeOffset at;
        if (zone is null)
        {
            at = utc;
        }
        else if (TryOffset(zone, out var offset))
        {
            at = utc.ToOffset(offset);
        }
        else
        {
            try
            {
                at = TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById(zone));
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return new CelError($"unknown time zone '{zone}'");
            }
        }
        return function switch
        {
            "getFullYear" => (long)at.Year,
            "getMonth" => (long)at.Month - 1,
            "getDayOfYear" => (long)at.DayOfYear - 1,
            "getDayOfMonth" => (long)at.Day - 1,
            "getDate" => (long)at.Day,
            "getDayOfWeek" => (long)at.DayOfWeek,
            "getHours" => (long)at.Hour,
            "getMinutes" => (long)at.Minute,
            "getSeconds" => (long)at.Second,
            "getMilliseconds" => nanos / 1_000_000,
            _ => null,
        };
    }

    /// <summary>"+05:30", "-08:00", "02:00" (positive), "UTC".</summary>
    private static bool TryOffset(string text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text is "UTC" or "Z")
        {
            return true;
        }
        var sign = 1;
        var rest = text;
        if (rest.Length > 0 && rest[0] is '+' or '-')
        {
            sign = rest[0] == '-' ? -1 : 1;
            rest = rest[1..];
        }
        if (rest.Length != 5 || rest[2] != ':' || !int.TryParse(rest[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(rest[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || hours > 23 || minutes > 59)
        {
            return false;
        }
        offset = sign * new TimeSpan(hours, minutes, 0);
        return true;
    }
}
