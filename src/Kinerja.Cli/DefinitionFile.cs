using System.Text;
using Kinerja.Engine.Bpmn;

namespace Kinerja.Cli;

/// <summary>Reads a definition file, saying in words what is wrong when it cannot.</summary>
internal static class DefinitionFile
{
    /// <summary>The text, or null with <paramref name="error"/> set.</summary>
    public static string? Read(string path, out string? error)
    {
        error = null;
        try
        {
            if (Directory.Exists(path))
            {
                error = "This is a directory, not a BPMN file.";
                return null;
            }

            var file = new FileInfo(path);
            if (!file.Exists)
            {
                error = "The file does not exist.";
                return null;
            }

            // Even at four bytes a character the parser would refuse it: do not load it to find out.
            if (file.Length > BpmnParserOptions.Default.MaxCharacters * 4)
            {
                error = "The file is larger than the size limit for a definition.";
                return null;
            }

            return ReadBounded(path, BpmnParserOptions.Default.MaxCharacters, out error);
        }
        catch (UnauthorizedAccessException)
        {
            error = "The file cannot be read: access is denied.";
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or NotSupportedException)
        {
            error = $"The file cannot be read: {ProblemOutput.OneLine(ex.Message)}";
        }

        return null;
    }

    // The length check above cannot see special files such as /dev/zero: stop reading at the limit.
    private static string? ReadBounded(string path, long maxCharacters, out string? error)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var text = new StringBuilder();
        var buffer = new char[64 * 1024];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > maxCharacters)
            {
                error = "The file is larger than the size limit for a definition.";
                return null;
            }
        }

        error = null;
        return text.ToString();
    }
}
