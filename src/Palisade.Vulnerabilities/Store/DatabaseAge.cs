namespace Palisade.Vulnerabilities.Store;

/// <summary>How old a database or a source is, in the unit a person reads best.</summary>
public static class DatabaseAge
{
    public static string Describe(TimeSpan age) =>
        age.TotalDays >= 2 ? $"{(int)age.TotalDays} days" : age.TotalHours >= 2 ? $"{(int)age.TotalHours} hours" : $"{Math.Max(0, (int)age.TotalMinutes)} minutes";
}
