namespace Kinerja.Engine.Expressions;

/// <summary>
/// A text as Camunda writes it: a literal, one <c>${…}</c> expression, or literal text with
/// expressions inside (<c>skpd:${kodeSkpd}</c>). The code inside the braces is JavaScript.
/// </summary>
public sealed class ExpressionText
{
    private ExpressionText(string source, IReadOnlyList<Segment> segments)
    {
        Source = source;
        Segments = segments;
    }

    /// <summary>A literal piece of text, or a piece of code to evaluate.</summary>
    public readonly record struct Segment(bool IsCode, string Text);

    public string Source { get; }

    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>True when the text holds no expression.</summary>
    public bool IsLiteral => Segments.All(s => !s.IsCode);

    /// <summary>True when the whole text is one expression, whose value keeps its type.</summary>
    public bool IsSingleExpression => Segments.Count == 1 && Segments[0].IsCode;

    public static bool ContainsExpression(string? text) =>
        text is not null && (text.Contains("${", StringComparison.Ordinal) || text.Contains("#{", StringComparison.Ordinal));

    /// <summary>Splits the text; the error says what is wrong when braces do not close or the code is not an expression.</summary>
    public static bool TryParse(string text, out ExpressionText result, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new List<Segment>();
        var position = 0;
        error = null;
        while (position < text.Length)
        {
            var open = IndexOfOpening(text, position);
            if (open < 0)
            {
                segments.Add(new Segment(false, text[position..]));
                break;
            }

            if (open > position)
            {
                segments.Add(new Segment(false, text[position..open]));
            }

            var close = IndexOfClosingBrace(text, open + 2);
            if (close < 0)
            {
                error = $"The expression '{text}' opens '{text.Substring(open, 2)}' at position {open + 1} without a closing '}}'.";
                result = new ExpressionText(text, segments);
                return false;
            }

            var code = text[(open + 2)..close].Trim();
            if (code.Length == 0)
            {
                error = $"The expression '{text}' has an empty '${{}}'.";
                result = new ExpressionText(text, segments);
                return false;
            }

            var syntaxError = JintExpressionEvaluator.CheckSyntax(code);
            if (syntaxError is not null)
            {
                error = $"The expression '{text}' is not valid: {syntaxError}";
                result = new ExpressionText(text, segments);
                return false;
            }

            segments.Add(new Segment(true, code));
            position = close + 1;
        }

        result = new ExpressionText(text, segments);
        return true;
    }

    public static ExpressionText Parse(string text) =>
        TryParse(text, out var result, out var error) ? result : throw new ExpressionException(error!);

    private static int IndexOfOpening(string text, int from)
    {
        var dollar = text.IndexOf("${", from, StringComparison.Ordinal);
        var hash = text.IndexOf("#{", from, StringComparison.Ordinal);
        return dollar < 0 ? hash : hash < 0 ? dollar : Math.Min(dollar, hash);
    }

    // Finds the brace that closes the expression, skipping braces inside string literals and nested objects.
    private static int IndexOfClosingBrace(string text, int from)
    {
        var depth = 0;
        char? quote = null;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"' or '`':
                    quote = c;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth == 0:
                    return i;
                case '}':
                    depth--;
                    break;
            }
        }

        return -1;
    }

    public override string ToString() => Source;
}

/// <summary>An expression could not be read or evaluated; the message names the expression.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
