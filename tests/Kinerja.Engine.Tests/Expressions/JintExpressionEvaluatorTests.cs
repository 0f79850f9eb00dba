using System.Diagnostics;
using System.Text.Json.Nodes;
using Kinerja.Engine.Expressions;
using Microsoft.Extensions.Time.Testing;

namespace Kinerja.Engine.Tests.Expressions;

public sealed class JintExpressionEvaluatorTests
{
    private static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8));
    private readonly FakeTimeProvider _clock = new(MondayMorning);
    private readonly JintExpressionEvaluator _evaluator;

    // A wall-clock limit far above the default, so that a first, JIT-compiling run on a busy machine is not
    // taken for a runaway; the statement, memory and recursion limits stay as they are.
    public JintExpressionEvaluatorTests() =>
        _evaluator = new JintExpressionEvaluator(_clock, ExpressionLimits.Default with { Timeout = TimeSpan.FromSeconds(10) });

    private static Dictionary<string, JsonNode?> Variables => new(StringComparer.Ordinal)
    {
        ["jumlah"] = 12,
        ["nilai"] = 7.5,
        ["status"] = "lengkap",
        ["approved"] = true,
        ["kosong"] = null,
        ["skpd"] = new JsonArray("1.01", "2.02"),
        ["pegawai"] = new JsonObject { ["nip"] = "1980", ["atasan"] = new JsonObject { ["nip"] = "1970" } },
    };

    private JsonNode? Evaluate(string text) => _evaluator.Evaluate(text, Variables);

    private ExpressionException Refused(string text) => Assert.Throws<ExpressionException>(() => Evaluate(text));

    [Fact]
    public void Evaluate_KeepsTheTypeOfASingleExpression()
    {
        Assert.Equal(12L, Evaluate("${jumlah}")!.GetValue<long>());
        Assert.Equal(7.5, Evaluate("${nilai}")!.GetValue<double>());
        Assert.Equal(24L, Evaluate("${jumlah * 2}")!.GetValue<long>());
        Assert.True(Evaluate("${jumlah > 10 && status == 'lengkap'}")!.GetValue<bool>());
        Assert.Equal("lengkap", Evaluate("${status}")!.GetValue<string>());
        Assert.Null(Evaluate("${kosong}"));
        Assert.Equal("""["1.01","2.02"]""", Evaluate("${skpd}")!.ToJsonString());
        Assert.Equal("1970", Evaluate("${pegawai.atasan.nip}")!.GetValue<string>());
        Assert.Equal("""{"a":1,"b":[true]}""", Evaluate("${ {a: 1, b: [approved]} }")!.ToJsonString());
    }

    [Fact]
    public void Evaluate_GivesAStringForMixedOrLiteralText()
    {
        Assert.Equal("skpd:12", Evaluate("skpd:${jumlah}")!.GetValue<string>());
        Assert.Equal("true/lengkap", Evaluate("${approved}/${status}")!.GetValue<string>());
        Assert.Equal("kabag-organisasi", Evaluate("kabag-organisasi")!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_RefusesAnUnknownVariable_NamingTheExpression()
    {
        var exception = Refused("${tidakAda + 1}");

        Assert.Contains("'${tidakAda + 1}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("tidakAda", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RefusesATextThatIsNotValid_AsAnExpressionException()
    {
        Assert.Contains("'${jumlah >}'", Refused("${jumlah >}").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_GivesNoAccessToTheClr()
    {
        Assert.Equal("""["undefined","undefined","undefined","undefined"]""",
            Evaluate("${[typeof System, typeof importNamespace, typeof clr, typeof require]}")!.ToJsonString());
        Refused("${System.IO.File.ReadAllText('/etc/passwd')}");
        Refused("${importNamespace('System.IO')}");
    }

    [Theory]
    [InlineData("${eval('1 + 1')}")]
    [InlineData("${Function('return 1')()}")]
    [InlineData("${new Function('return 1')()}")]
    [InlineData("${(() => {}).constructor('return 1')()}")]
    public void Evaluate_RefusesToCompileCodeFromAString(string text)
    {
        Assert.Contains("String compilation", Refused(text).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_StopsAnEndlessLoop_Quickly()
    {
        var clock = Stopwatch.StartNew();

        Refused("${(() => { while (true) {} })()}");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Took {clock.Elapsed}.");
    }

    [Fact]
    public void Evaluate_StopsALoopThatRunsOutOfTime_WhenStatementsAreNotCapped()
    {
        var evaluator = new JintExpressionEvaluator(_clock, new ExpressionLimits { MaxStatements = 0, Timeout = TimeSpan.FromMilliseconds(100) });
        var clock = Stopwatch.StartNew();

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("${(() => { while (true) {} })()}", Variables));

        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Took {clock.Elapsed}.");
    }

    [Fact]
    public void Evaluate_StopsDeepRecursion()
    {
        Refused("${(function f(n) { return f(n + 1); })(0)}");
    }

    [Fact]
    public void Evaluate_StopsAnExpressionThatTakesTooMuchMemory()
    {
        Refused("${Array.from({ length: 1e8 }, (_, i) => 'x' + i).length}");
    }

    [Fact]
    public void Evaluate_ReadsTheTimeFromTheEnginesClock()
    {
        Assert.Equal(MondayMorning.ToUnixTimeMilliseconds(), Evaluate("${Date.now()}")!.GetValue<long>());

        _clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(MondayMorning.AddDays(3).ToUnixTimeMilliseconds(), Evaluate("${new Date().getTime()}")!.GetValue<long>());
        Assert.Equal("2026-03-05T00:00:00.000Z", Evaluate("${new Date().toISOString()}")!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_ForgetsWhatAnEarlierExpressionChanged()
    {
        Evaluate("${(() => { Object.prototype.bocor = 1; return 1; })()}");

        Assert.Null(Evaluate("${({}).bocor}"));
    }

    [Theory]
    [InlineData("${0 / 0}")]
    [InlineData("${1 / 0}")]
    public void Evaluate_RefusesANumberJsonCannotHold(string text)
    {
        Assert.Contains($"'{text}'", Refused(text).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RefusesAValueTooDeepToStore()
    {
        Refused("${" + new string('[', 100) + new string(']', 100) + "}");
    }

    [Theory]
    [InlineData("${10n}")]
    [InlineData("${(() => { const a = {}; a.a = a; return a; })()}")]
    [InlineData("${(() => { throw new Error('gagal'); })()}")]
    public void Evaluate_RefusesWhatCannotBeStoredOrThrows_AsAnExpressionException(string text)
    {
        Refused(text);
    }

    [Fact]
    public void EvaluateCondition_RefusesAValueThatIsNotTrueOrFalse()
    {
        Assert.True(_evaluator.EvaluateCondition("${approved}", Variables));
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.EvaluateCondition("${status}", Variables));

        Assert.Contains("not true or false", exception.Message, StringComparison.Ordinal);
    }
}
