using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Acornima;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using JsEngine = Jint.Engine;

namespace Kinerja.Engine.Expressions;

/// <summary>Limits that keep an expression from running away with the engine.</summary>
public sealed record ExpressionLimits
{
    public static ExpressionLimits Default { get; } = new();

    // A backstop only: the statement limit stops runaway loops first; a short wall-clock limit would
    // trip on a busy machine during first-use JIT.
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
    public int MaxStatements { get; init; } = 10_000;
    public long MaxMemoryBytes { get; init; } = 16_000_000;
    public int MaxRecursion { get; init; } = 64;
}

/// <summary>
/// Evaluates expressions with Jint (an ECMAScript interpreter) in a sandbox: no CLR access, no
/// <c>eval</c>/<c>Function</c>, limits on time, statements, memory and recursion. Only the given
/// variables are visible, and <c>Date.now()</c> reads the engine's <see cref="TimeProvider"/>.
/// </summary>
public sealed class JintExpressionEvaluator : IExpressionEvaluator
{
    private static readonly ConcurrentDictionary<string, ExpressionText> ParsedTexts = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> PreparedCode = new(StringComparer.Ordinal);
    private readonly ExpressionLimits _limits;
    private readonly ClockTimeSystem _timeSystem;

    public JintExpressionEvaluator(TimeProvider clock, ExpressionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _limits = limits ?? ExpressionLimits.Default;
        _timeSystem = new ClockTimeSystem(clock);
    }

    /// <summary>Null when the code is one JavaScript expression; otherwise what is wrong with it.</summary>
    public static string? CheckSyntax(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        try
        {
            // Prepared as Run prepares it (strict mode, Jint's nesting cap), so what passes at deploy also runs.
            Prepare(code);

            // Read alone as well, so that code like "a), (b" is not taken for one expression.
            new Parser().ParseExpression(code, sourceFile: null, strict: true);
            return null;
        }
        catch (Exception ex) when (ex is InsufficientExecutionStackException || ex.InnerException is InsufficientExecutionStackException)
        {
            return "The expression is nested too deeply.";
        }
        catch (ScriptPreparationException ex)
        {
            return ex.InnerException?.Message ?? ex.Message;
        }
        catch (ParseErrorException ex)
        {
            return ex.Message;
        }
    }

    public JsonNode? Evaluate(string text, IReadOnlyDictionary<string, JsonNode?> variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variables);
        var parsed = ParsedTexts.GetOrAdd(text, ExpressionText.Parse);
        if (parsed.IsLiteral)
        {
            return JsonValue.Create(text);
        }

        var engine = CreateEngine(variables);
        try
        {
            if (parsed.IsSingleExpression)
            {
                return ToNode(engine, Run(engine, parsed.Segments[0].Text), text);
            }

            var builder = new System.Text.StringBuilder();
            foreach (var segment in parsed.Segments)
            {
                builder.Append(segment.IsCode ? Run(engine, segment.Text).ToString() : segment.Text);
            }

            return JsonValue.Create(builder.ToString());
        }
        catch (Exception ex) when (ex is JintException or JavaScriptException or TimeoutException or ExecutionCanceledException
                                       or ParseErrorException or InsufficientExecutionStackException or System.Text.Json.JsonException)
        {
            throw new ExpressionException($"Evaluating '{text}' failed: {ex.Message}", ex);
        }
    }

    private JsEngine CreateEngine(IReadOnlyDictionary<string, JsonNode?> variables)
    {
        var engine = new JsEngine(options =>
        {
            options.Strict();
            options.DisableStringCompilation();
            options.TimeoutInterval(_limits.Timeout);
            options.MaxStatements(_limits.MaxStatements);
            options.LimitMemory(_limits.MaxMemoryBytes);
            options.LimitRecursion(_limits.MaxRecursion);
            options.TimeSystem = _timeSystem;
            options.Culture = CultureInfo.InvariantCulture;
        });
        var parser = new JsonParser(engine);
        foreach (var (name, value) in variables)
        {
            engine.SetValue(name, value switch
            {
                null => JsValue.Null,
                JsonValue v when v.TryGetValue<string>(out var s) => new JsString(s),
                JsonValue v when v.TryGetValue<bool>(out var b) => b ? JsBoolean.True : JsBoolean.False,
                _ => parser.Parse(value.ToJsonString()),
            });
        }

        return engine;
    }

    private static JsValue Run(JsEngine engine, string code) => engine.Evaluate(PreparedCode.GetOrAdd(code, Prepare));

    // The newline lets a trailing // comment end before the closing parenthesis.
    private static Prepared<Acornima.Ast.Script> Prepare(string code) => JsEngine.PrepareScript("(" + code + "\n)", strict: true);

    private static JsonNode? ToNode(JsEngine engine, JsValue value, string text)
    {
        if (value.IsNull() || value.IsUndefined())
        {
            return null;
        }

        if (value.IsBoolean())
        {
            return JsonValue.Create(value.AsBoolean());
        }

        if (value.IsString())
        {
            return JsonValue.Create(value.AsString());
        }

        if (value.IsNumber())
        {
            var number = value.AsNumber();
            if (!double.IsFinite(number))
            {
                // JSON has no NaN or Infinity: such a value could be neither stored nor sent.
                throw new ExpressionException($"Evaluating '{text}' gave {value}, which is not a number a variable can hold.");
            }

            return number == Math.Floor(number) && Math.Abs(number) < 9e15
                ? JsonValue.Create((long)number)
                : JsonValue.Create(number);
        }

        var json = new JsonSerializer(engine).Serialize(value);
        return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
    }

    private sealed class ClockTimeSystem(TimeProvider clock) : ITimeSystem
    {
        private readonly DefaultTimeSystem _inner = new(TimeZoneInfo.Utc, CultureInfo.InvariantCulture);

        public TimeZoneInfo DefaultTimeZone => _inner.DefaultTimeZone;

        // Jint reads the ticks and ignores the offset, and a FakeTimeProvider hands back the offset it was
        // started with (e.g. WITA), so make it UTC here.
        public DateTimeOffset GetUtcNow() => clock.GetUtcNow().ToUniversalTime();

        public TimeSpan GetUtcOffset(long epochMilliseconds) => _inner.GetUtcOffset(epochMilliseconds);

        public bool TryParse(string date, out long epochMilliseconds) => _inner.TryParse(date, out epochMilliseconds);
    }
}
