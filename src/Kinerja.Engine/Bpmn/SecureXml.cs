using System.Xml;
using System.Xml.Linq;

namespace Kinerja.Engine.Bpmn;

/// <summary>
/// Loads XML with DTDs prohibited, no resolver and a size limit, so a definition can neither expand
/// entities nor reach a file or the network (XXE), and keeps line numbers for the problems it reports.
/// </summary>
internal static class SecureXml
{
    public static XDocument Load(TextReader text, long maxCharacters)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        using var reader = XmlReader.Create(text, settings);
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }

    public static SourceLocation LocationOf(XObject node) =>
        node is IXmlLineInfo info && info.HasLineInfo()
            ? new SourceLocation(info.LineNumber, info.LinePosition)
            : default;

    /// <summary>Says what is wrong with malformed or refused XML in an admin's words.</summary>
    public static string Describe(XmlException exception)
    {
        var message = exception.Message;
        if (message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return "DOCTYPE declarations are not allowed in a definition (DTDs and external entities are refused).";
        }

        if (message.Contains("MaxCharactersInDocument", StringComparison.Ordinal)
            || message.Contains("exceeds", StringComparison.OrdinalIgnoreCase))
        {
            return "The file is larger than the size limit for a definition.";
        }

        // XmlException appends " Line x, position y." which the problem carries separately.
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        return "The XML is not well-formed: " + (cut > 0 ? message[..cut] : message);
    }
}
