namespace Palisade.Vulnerabilities.Providers;

/// <summary>How old advisories (a database, one of its sources) are, in the unit a person reads best.</summary>
public static class AdvisoryAge
{
    public static string Describe(TimeSpan age) =>
        age.TotalDays >= 2 ? $"{(int)age.TotalDays} days" : age.TotalHours >= 2 ? $"{(int)age.TotalHours} hours" : $"{Math.Max(0, (int)age.TotalMinutes)} minutes";
}
