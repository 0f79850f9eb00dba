using System.Diagnostics;
using System.Text;
using Kinerja.Engine.Bpmn;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Bpmn;

/// <summary>What the reader refuses before it looks at BPMN: DTDs, entities, oversized and malformed files.</summary>
public sealed class SecureXmlTests
{
    private const string Root = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs">
          <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" name="&x;" /></bpmn:process>
        </bpmn:definitions>
        """;

    private static BpmnProblem SingleProblem(string xml)
    {
        var document = BpmnParser.Parse(xml);

        Assert.Empty(document.Processes);
        var problem = Assert.Single(document.Problems);
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
        return problem;
    }

    [Fact]
    public void Parse_RefusesADoctype_WithoutExpandingItsEntity()
    {
        var problem = SingleProblem($"""
            <?xml version="1.0"?>
            <!DOCTYPE bpmn:definitions [<!ENTITY x "DIPERLUAS">]>
            {Root}
            """);

        Assert.Contains("DOCTYPE", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DIPERLUAS", problem.Message, StringComparison.Ordinal);
        Assert.Null(problem.ElementId);
    }

    [Fact]
    public void Parse_RefusesAnExternalEntity_WithoutReadingTheFile()
    {
        var secret = "RAHASIA-" + Guid.NewGuid().ToString("N");
        var path = Path.Combine(Path.GetTempPath(), $"kinerja-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, secret);
        try
        {
            var uri = new Uri(path).AbsoluteUri;
            var direct = $"""<!DOCTYPE d [<!ENTITY x SYSTEM "{uri}">]>{Root}""";
            var parameter = $"""<!DOCTYPE d [<!ENTITY % p SYSTEM "{uri}"> %p;]>{Root}""";

            foreach (var xml in new[] { direct, parameter })
            {
                var document = BpmnParser.Parse(xml);
                using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
                var fromStream = BpmnParser.Parse(stream);

                Assert.Empty(document.Processes);
                Assert.All(document.Problems.Concat(fromStream.Problems), p => Assert.DoesNotContain(secret, p.ToString(), StringComparison.Ordinal));
                Assert.Contains(document.Problems, p => p.Message.Contains("DOCTYPE", StringComparison.Ordinal));
                Assert.Contains(fromStream.Problems, p => p.Message.Contains("DOCTYPE", StringComparison.Ordinal));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_RefusesABillionLaughs_Fast()
    {
        var entities = new StringBuilder("<!ENTITY x0 \"ha\">");
        for (var i = 1; i <= 10; i++)
        {
            entities.Append($"<!ENTITY x{i} \"{string.Concat(Enumerable.Repeat($"&x{i - 1};", 10))}\">");
        }

        var xml = $"<!DOCTYPE d [{entities}]>" + Root.Replace("&x;", "&x10;", StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();

        var problem = SingleProblem(xml);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Took {clock.Elapsed}.");
        Assert.Contains("DOCTYPE", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesAnEntityThatNoDoctypeDeclares()
    {
        var problem = SingleProblem(Root);

        Assert.Contains("not well-formed", problem.Message, StringComparison.Ordinal);
        Assert.Equal(2, problem.Line);
    }

    [Fact]
    public void Parse_RefusesAFileOverTheSizeLimit()
    {
        var xml = BpmnText.Process($"""
            <bpmn:startEvent id="start" /><bpmn:endEvent id="end" />
            {BpmnText.Sequence()}
            """);
        var options = new BpmnParserOptions { MaxCharacters = 200 };

        var document = BpmnParser.Parse(xml, options);

        var problem = Assert.Single(document.Problems);
        Assert.Contains("size limit", problem.Message, StringComparison.Ordinal);
        Assert.Empty(document.Processes);
        Assert.Empty(BpmnParser.Parse(xml, options with { MaxCharacters = xml.Length }).Problems);
    }

    [Fact]
    public void Parse_RefusesARootThatIsNotBpmnDefinitions_NamingIt()
    {
        var problem = SingleProblem("""<definitions xmlns="http://www.omg.org/spec/DMN/20191111/MODEL/" id="dmn" />""");

        Assert.Contains("'definitions' in namespace 'http://www.omg.org/spec/DMN/20191111/MODEL/'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, problem.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    [InlineData("bukan xml")]
    [InlineData("<?xml version=\"1.0\"?>")]
    public void Parse_RefusesAnEmptyOrNonXmlInput(string text)
    {
        var problem = SingleProblem(text);

        Assert.StartsWith("The XML is not well-formed", problem.Message, StringComparison.Ordinal);
        Assert.Null(problem.ElementId);
    }

    [Fact]
    public void Parse_RefusesMalformedXml_AtTheLineWhereItBreaks()
    {
        var xml = BpmnText.Process("""
            <bpmn:startEvent id="start">
            <bpmn:endEvent id="end" />
            """);

        var problem = SingleProblem(xml);

        Assert.Contains("not well-formed", problem.Message, StringComparison.Ordinal);
        Assert.Equal(xml.Split('\n').Length - 1, problem.Line);
        Assert.DoesNotContain(" Line ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThrowsOnlyForANullArgument()
    {
        Assert.Throws<ArgumentNullException>(() => BpmnParser.Parse((string)null!));
        Assert.Throws<ArgumentNullException>(() => BpmnParser.Parse((Stream)null!));
    }
}
