namespace Kinerja.Cli;

/// <summary>What the process tells a script: success, a refused file or failed run, or a command line it did not understand.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
