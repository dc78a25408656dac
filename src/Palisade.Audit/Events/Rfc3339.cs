using System.Globalization;
using System.Text;

namespace Palisade.Audit.Events;

/// <summary>
/// Audit timestamps ("2026-11-30T08:15:02.123456Z", RFC 3339 in UTC as the API server writes them) read straight
/// from UTF-8; anything else (offsets, other precisions) goes through the framework's parser.
/// </summary>
public static class Rfc3339
{
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        if (text.Length >= 20 && text[^1] == (byte)'Z' && text[4] == '-' && text[7] == '-' && text[10] is (byte)'T' or (byte)'t' && text[13] == ':' && text[16] == ':'
            && Digits(text[..4], out var year) && Digits(text.Slice(5, 2), out var month) && Digits(text.Slice(8, 2), out var day)
            && Digits(text.Slice(11, 2), out var hour) && Digits(text.Slice(14, 2), out var minute) && Digits(text.Slice(17, 2), out var second)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)
        {
            var fraction = text[19..^1];
            long ticks = 0;
            if (fraction.Length > 0)
            {
                if (fraction[0] != '.' || fraction.Length < 2 || fraction.Length > 10 || !Digits(fraction[1..], out var digits))
                {
                    return Fallback(text, out value);
                }
                // Ticks are tenths of a microsecond: seven digits; nanoseconds are truncated to them.
                ticks = digits;
                for (var scale = fraction.Length - 1; scale < 7; scale++)
                {
                    ticks *= 10;
                }
                for (var scale = fraction.Length - 1; scale > 7; scale--)
                {
                    ticks /= 10;
                }
            }
            value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks));
            return true;
        }
        return Fallback(text, out value);
    }

    private static bool Fallback(ReadOnlySpan<byte> text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var digit in text)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
            value = (value * 10) + (digit - '0');
        }
        return true;
    }
}
