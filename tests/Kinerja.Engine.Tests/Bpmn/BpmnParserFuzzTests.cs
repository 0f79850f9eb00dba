using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CsCheck;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Bpmn;

/// <summary>
/// Mutates real definitions at random and checks that the reader never throws: whatever an admin
/// uploads, the answer is a list of problems an admin can read.
/// </summary>
public sealed partial class BpmnParserFuzzTests
{
    private static readonly string[] Fragments =
    [
        "<bpmn:scriptTask id=\"x\" />",
        "<bpmn:task />",
        "<bpmn:eventBasedGateway id=\"ebg\" />",
        "<bpmn:boundaryEvent id=\"bx\" attachedToRef=\"start\"><bpmn:signalEventDefinition /></bpmn:boundaryEvent>",
        "<bpmn:subProcess id=\"es\" triggeredByEvent=\"true\" />",
        "<bpmn:subProcess id=\"sp\"><bpmn:multiInstanceLoopCharacteristics camunda:collection=\"a\" /></bpmn:subProcess>",
        "<bpmn:timerEventDefinition><bpmn:timeCycle>R/0001-01-01T00:00:00/P1D</bpmn:timeCycle></bpmn:timerEventDefinition>",
        "<bpmn:timerEventDefinition><bpmn:timeDate>0001-01-01T00:00:00</bpmn:timeDate></bpmn:timerEventDefinition>",
        "<bpmn:timerEventDefinition><bpmn:timeDuration>P99999999999Y</bpmn:timeDuration></bpmn:timerEventDefinition>",
        "<bpmn:conditionExpression>${" + new string('(', 5000) + "</bpmn:conditionExpression>",
        "<bpmn:conditionExpression>${" + new string('[', 3000) + new string(']', 3000) + "}</bpmn:conditionExpression>",
        "<camunda:formField id=\"f\" type=\"date,enum\" />",
        "<camunda:constraint name=\"maxlength\" config=\"99999999999\" />",
        "<camunda:executionListener event=\"start\" class=\"x\" />",
        "<bpmn:laneSet><bpmn:lane><bpmn:childLaneSet><bpmn:lane /></bpmn:childLaneSet></bpmn:lane></bpmn:laneSet>",
        "<!DOCTYPE d [<!ENTITY e \"x\">]>",
        "&e;", "&#0;", "&#xFFFF;", "<![CDATA[ ${x} ]]>", "<!-- } -->", "<?pi x?>",
        "${", "#{", "}", "\"", "'", "<", ">", "&", "/>", "</bpmn:process>", "xmlns:bpmn=\"urn:other\"",
        " default=\"nowhere\"", " kinerja:timeStandard=\"P1Y\"", " kinerja:timeBasis=\"lunar\"", " isExecutable=\"true\"",
        " cancelActivity=\"false\"", " camunda:class=\"x.Y\"", " camunda:assignee=\"${a,}\"", " camunda:candidateGroups=\"${f(a,b)}\"",
    ];

    /// <summary>Values that have broken readers before: put in place of an attribute's value or an element's text.</summary>
    private static readonly string[] Values =
    [
        "", " ", "${", "${}", "${a,}", "${f(a,b)}", "${010}", "${x}${", "#{x}", "${'}'}", "${ {a: 1} }", "${/'/.test(x)}",
        "${" + new string('(', 5000) + "1" + new string(')', 5000) + "}", "${" + new string('[', 3000) + new string(']', 3000) + "}",
        "0001-01-01T00:00:00", "9999-12-31T23:59:59-08:00", "R/0001-01-01T00:00:00/P1D", "R0/PT1M", "R/PT0S", "0 0 31 2 *",
        "P1Y", "P99999999999D", "PT", "-P1D", "P1W", "date,enum", "string,long", "1", "99999999999", "-5", "true", "calendar",
        "external", "all", "nowhere", "start", "end", "x y", "a\tb\nc",
    ];

    private static readonly string[] ReferenceAttributes =
        ["sourceRef", "targetRef", "attachedToRef", "default", "messageRef", "calledElement", "processRef"];

    // The value runs up to the closing quote, which the pattern leaves out.
    [GeneratedRegex("""(?<name>[A-Za-z_][\w:.-]*)="(?<value>[^"]*)""", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AttributePattern();

    private static readonly Lazy<string[]> Seeds = new(() =>
    [
        .. Directory.GetFiles(Path.Combine(RepoPaths.Root, "workflows"), "*.bpmn")
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText),
        BpmnFixtures.AllSupported,
        BpmnFixtures.WithIgnoredElements,
        BpmnText.Process("<bpmn:startEvent id=\"start\" /><bpmn:endEvent id=\"end\" />" + BpmnText.Sequence()),
    ]);

    private readonly record struct Mutation(int Kind, int A, int B, string Text);

    private static readonly Gen<Mutation> MutationGen = Gen.Select(
        Gen.Int[0, 9], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.String[0, 12],
        (kind, a, b, text) => new Mutation(kind, a, b, text));

    [Fact]
    public void Parse_NeverThrows_AndEveryProblemSaysWhatIsWrong_WhateverTheMutation()
    {
        Assert.NotEmpty(Seeds.Value);
        Gen.Select(Gen.Int[0, Seeds.Value.Length - 1], MutationGen.Array[1, 4])
            .Sample((seed, mutations) =>
            {
                var xml = mutations.Aggregate(Seeds.Value[seed], Apply);
                AssertReadable(xml);
            }, iter: 5_000, threads: 2);
    }

    [Fact]
    public void Parse_AcceptsEverySeed_BeforeMutation()
    {
        foreach (var seed in Seeds.Value)
        {
            Assert.Empty(BpmnParser.Parse(seed).Problems);
        }
    }

    private static void AssertReadable(string xml)
    {
        var document = BpmnParser.Parse(xml);
        Assert.NotNull(document.Processes);
        var wellFormed = IsWellFormed(xml);
        foreach (var problem in document.Problems)
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.Message), $"A problem without a message: {problem}");
            if (wellFormed)
            {
                Assert.True(problem.ElementId is not null || problem.Line > 0, $"A problem that names neither an element nor a line: {problem}");
            }
        }
    }

    private static bool IsWellFormed(string xml)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            XDocument.Load(reader);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static string Apply(string xml, Mutation m)
    {
        var lines = xml.Split('\n').ToList();
        switch (m.Kind)
        {
            case 0 when lines.Count > 1:
                lines.RemoveAt(m.A % lines.Count);
                return string.Join('\n', lines);
            case 1:
                var line = m.A % lines.Count;
                lines.Insert(line, lines[line]);
                return string.Join('\n', lines);
            case 2:
                return xml[..(m.A % (xml.Length + 1))];
            case 3 when xml.Length > 0:
                var builder = new StringBuilder(xml);
                var flipped = m.Text.Length > 0 ? m.Text[0] : (char)(m.B % 128);
                builder[m.A % xml.Length] = flipped;
                return builder.ToString();
            case 4:
                return xml.Insert(m.A % (xml.Length + 1), m.Text);
            case 5:
                return SwapAttributeValues(xml, m.A, m.B);
            case 6:
                return RemoveElement(xml, m.A);
            case 7:
                return ReplaceReference(xml, m.A, m.Text);
            case 8:
                return InsertAtTagBoundary(xml, m.A, Fragments[m.B % Fragments.Length]);
            default:
                return ReplaceValue(xml, m.A, Values[m.B % Values.Length]);
        }
    }

    private static string SwapAttributeValues(string xml, int a, int b)
    {
        var matches = AttributePattern().Matches(xml);
        if (matches.Count < 2)
        {
            return xml;
        }

        var (first, second) = (matches[a % matches.Count], matches[b % matches.Count]);
        if (first.Index == second.Index)
        {
            return xml;
        }

        if (first.Index > second.Index)
        {
            (first, second) = (second, first);
        }

        var (firstValue, secondValue) = (first.Groups["value"], second.Groups["value"]);
        return string.Concat(
            xml[..firstValue.Index], secondValue.Value,
            xml[(firstValue.Index + firstValue.Length)..secondValue.Index], firstValue.Value,
            xml[(secondValue.Index + secondValue.Length)..]);
    }

    private static string RemoveElement(string xml, int pick)
    {
        if (!IsWellFormed(xml))
        {
            return xml;
        }

        var document = XDocument.Parse(xml, LoadOptions.PreserveWhitespace);
        var elements = document.Root!.Descendants().ToList();
        if (elements.Count == 0)
        {
            return xml;
        }

        elements[pick % elements.Count].Remove();
        return document.Declaration + document.ToString(SaveOptions.DisableFormatting);
    }

    private static string InsertAtTagBoundary(string xml, int pick, string fragment)
    {
        var boundaries = Enumerable.Range(0, xml.Length).Where(i => xml[i] == '>').ToList();
        return boundaries.Count == 0 ? xml + fragment : xml.Insert(boundaries[pick % boundaries.Count] + 1, fragment);
    }

    private static string ReplaceValue(string xml, int pick, string value)
    {
        if (!IsWellFormed(xml))
        {
            return xml;
        }

        var document = XDocument.Parse(xml, LoadOptions.PreserveWhitespace);
        var targets = document.Root!.DescendantsAndSelf()
            .SelectMany(e => e.Attributes().Where(a => !a.IsNamespaceDeclaration).Cast<XObject>()
                .Concat(e.HasElements || e.IsEmpty ? [] : [e]))
            .ToList();
        if (targets.Count == 0)
        {
            return xml;
        }

        switch (targets[pick % targets.Count])
        {
            case XAttribute attribute:
                attribute.Value = value;
                break;
            case XElement element:
                element.Value = value;
                break;
        }

        return document.Declaration + document.ToString(SaveOptions.DisableFormatting);
    }

    private static string ReplaceReference(string xml, int pick, string replacement)
    {
        var references = AttributePattern().Matches(xml)
            .Where(m => ReferenceAttributes.Contains(m.Groups["name"].Value, StringComparer.Ordinal))
            .ToList();
        if (references.Count == 0)
        {
            return xml;
        }

        var value = references[pick % references.Count].Groups["value"];
        var escaped = System.Security.SecurityElement.Escape(replacement);
        return string.Concat(xml[..value.Index], escaped, xml[(value.Index + value.Length)..]);
    }
}
