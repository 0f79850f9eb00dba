using Kinerja.Engine.Calendar;
using Kinerja.Engine.Expressions;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Bpmn;

internal static partial class BpmnValidator
{
    /// <summary>The checks of values an element carries: timers, dates and expressions.</summary>
    private sealed partial class Checks
    {
        private void Timer(FlowNode node, TimerDefinition? timer)
        {
            if (timer is null || ExpressionText.ContainsExpression(timer.Text))
            {
                Expression(node, timer?.Text, "timer");
                return;
            }

            switch (timer.Kind)
            {
                case TimerKind.Date when ParseDate(timer.Text) is null:
                    Add(node, $"The timer date '{timer.Text}' is not an ISO 8601 date-time (e.g. 2026-03-31T16:00:00+08:00).");
                    break;
                case TimerKind.Duration:
                    if (!IsoDuration.TryParse(timer.Text, out var duration, out var error))
                    {
                        Add(node, $"The timer duration: {error}");
                    }
                    else if (timer.Basis == TimeBasis.Working && (duration.Years != 0 || duration.Months != 0))
                    {
                        Add(node, $"The timer duration '{timer.Text}' counts years or months, which have no working-time meaning.");
                    }

                    break;
                case TimerKind.Cycle when !ParseCycle(timer.Text, out var cycleError):
                    Add(node, $"The timer cycle: {cycleError}");
                    break;
            }
        }

        private void DateText(FlowNode node, string? text, string what)
        {
            if (text is null)
            {
                return;
            }

            if (ExpressionText.ContainsExpression(text))
            {
                Expression(node, text, what);
            }
            else if (ParseDate(text) is null)
            {
                Add(node, $"{what} '{text}' is neither an ISO 8601 date-time nor an expression.");
            }
        }

        // TimerDates and TimerCycle throw, rather than fail, on an instant that the WITA offset pushes out of
        // DateTimeOffset's range (0001-01-01T00:00:00); for a definition that is just a bad date.
        private static DateTimeOffset? ParseDate(string text)
        {
            try
            {
                return TimerDates.TryParse(text);
            }
            catch (Exception ex) when (ex is ArgumentOutOfRangeException or FormatException)
            {
                return null;
            }
        }

        private static bool ParseCycle(string text, out string? error)
        {
            try
            {
                return TimerCycle.TryParse(text, out _, out error);
            }
            catch (Exception ex) when (ex is ArgumentOutOfRangeException or FormatException)
            {
                error = $"'{text}' holds a date-time outside the range a timer can count.";
                return false;
            }
        }

        private void Expression(FlowNode node, string? text, string what) => Expression(node.Id, node.Location, text, what);

        /// <summary>A condition must be one expression: a literal or mixed text gives a string, never true or false.</summary>
        private void Condition(string id, SourceLocation location, string text, string what)
        {
            if (!ExpressionText.TryParse(text, out var parsed, out var error))
            {
                Add(id, location, $"{what}: {error}");
            }
            else if (!parsed.IsSingleExpression)
            {
                Add(id, location, $"{what}: '{text}' is not one ${{…}} expression, so it can never be true or false; write it as ${{{text.Trim()}}} or the like.");
            }
        }

        private void Expression(string id, SourceLocation location, string? text, string what)
        {
            if (text is not null && !ExpressionText.TryParse(text, out _, out var error))
            {
                Add(id, location, $"{what}: {error}");
            }
        }
    }
}
