using Kinerja.Engine.Expressions;

namespace Kinerja.Engine.Tests.Expressions;

public sealed class ExpressionTextTests
{
    private static IReadOnlyList<(bool IsCode, string Text)> Split(string text) =>
        ExpressionText.Parse(text).Segments.Select(s => (s.IsCode, s.Text)).ToList();

    private static string ErrorOf(string text)
    {
        Assert.False(ExpressionText.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }

    [Fact]
    public void Parse_KeepsALiteral_AsOneLiteralSegment()
    {
        var text = ExpressionText.Parse("kabag-organisasi");

        Assert.True(text.IsLiteral);
        Assert.False(text.IsSingleExpression);
        Assert.Equal([(false, "kabag-organisasi")], Split("kabag-organisasi"));
        Assert.Equal("kabag-organisasi", text.ToString());
    }

    [Fact]
    public void Parse_ReadsAnEmptyText_AsALiteral()
    {
        Assert.True(ExpressionText.Parse(string.Empty).IsLiteral);
    }

    [Fact]
    public void Parse_ReadsOneExpression_WithoutItsBracesAndSpaces()
    {
        var text = ExpressionText.Parse("${ approved }");

        Assert.True(text.IsSingleExpression);
        Assert.False(text.IsLiteral);
        Assert.Equal([(true, "approved")], Split("${ approved }"));
    }

    [Fact]
    public void Parse_SplitsMixedText_IntoLiteralAndCode()
    {
        Assert.Equal([(false, "skpd:"), (true, "kode")], Split("skpd:${kode}"));
        Assert.Equal([(true, "a"), (false, "-"), (true, "b"), (false, "!")], Split("${a}-${b}!"));
        Assert.False(ExpressionText.Parse("skpd:${kode}").IsSingleExpression);
    }

    [Fact]
    public void Parse_ReadsCamundasHashBraces_AsAnExpressionToo()
    {
        Assert.Equal([(true, "nrOfInstances")], Split("#{nrOfInstances}"));
        Assert.True(ExpressionText.ContainsExpression("#{x}"));
    }

    [Theory]
    [InlineData("${status == '}'}", "status == '}'")]
    [InlineData("${status == \"{\"}", "status == \"{\"")]
    [InlineData("${`a}b`}", "`a}b`")]
    [InlineData("${s == 'it\\'s }'}", "s == 'it\\'s }'")]
    public void Parse_SkipsBraces_InsideStrings(string text, string code)
    {
        Assert.Equal([(true, code)], Split(text));
    }

    [Theory]
    [InlineData("${ {a: 1}.a }", "{a: 1}.a")]
    [InlineData("${ {a: {b: [1, {c: 2}]}}.a.b[1].c }", "{a: {b: [1, {c: 2}]}}.a.b[1].c")]
    [InlineData("${(() => { return 1; })()}", "(() => { return 1; })()")]
    public void Parse_SkipsBraces_OfObjectsAndFunctions(string text, string code)
    {
        Assert.Equal([(true, code)], Split(text));
    }

    [Fact]
    public void Parse_RefusesAnUnclosedExpression_SayingWhere()
    {
        var error = ErrorOf("skpd:${kode");

        Assert.Contains("'skpd:${kode'", error, StringComparison.Ordinal);
        Assert.Contains("position 6", error, StringComparison.Ordinal);
        Assert.Contains("closing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesAnEmptyExpression()
    {
        Assert.Contains("empty", ErrorOf("${ }"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${jumlah >}")]
    [InlineData("${a b}")]
    [InlineData("${a), (b}")]
    [InlineData("${a; b}")]
    [InlineData("${010}")]
    [InlineData("${with (a) b}")]
    public void Parse_RefusesCodeThatIsNotOneStrictExpression_NamingTheText(string text)
    {
        Assert.Contains($"'{text}' is not valid", ErrorOf(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesADeeplyNestedExpression_WithoutRunningOutOfStack()
    {
        var text = "${" + new string('(', 100_000) + "1" + new string(')', 100_000) + "}";

        Assert.Contains("nested too deeply", ErrorOf(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ThrowsAnExpressionException_WhenTheTextIsNotValid()
    {
        var exception = Assert.Throws<ExpressionException>(() => ExpressionText.Parse("${a +}"));

        Assert.Contains("'${a +}'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("kabag", false)]
    [InlineData("$ {x}", false)]
    [InlineData("skpd:${kode}", true)]
    public void ContainsExpression_TellsWhetherTheTextHasCode(string? text, bool expected)
    {
        Assert.Equal(expected, ExpressionText.ContainsExpression(text));
    }
}
