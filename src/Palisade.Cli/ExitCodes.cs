namespace Palisade.Cli;

/// <summary>Process exit codes (architecture note: CLI conventions).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The default value of <c>--exit-code</c> when only <c>--fail-on</c> is given.</summary>
    public const int FindingsDefault = 1;

    public const int UsageOrFatal = 2;
    public const int InputsUnreadable = 3;
}
