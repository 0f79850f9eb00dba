namespace Kinerja.Host.Configuration;

/// <summary>
/// A setting the deployer gave cannot be used; the message names it (and the file or value it points at). The host
/// stops before it starts, with that message as one line and exit code 2.
/// </summary>
public sealed class SettingsException : Exception
{
    public SettingsException()
    {
    }

    public SettingsException(string message)
        : base(message)
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
