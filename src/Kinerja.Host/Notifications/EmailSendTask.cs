using System.Text.Json.Nodes;
using Kinerja.Engine.Execution;
using Kinerja.Engine.ServiceTasks;

namespace Kinerja.Host.Notifications;

/// <summary>
/// The handler of send tasks with <c>camunda:topic="email"</c> (the designer's "Kirim email" template). Input parameters:
/// <c>to</c> (people's keys, roles or addresses, comma-separated), <c>subject</c>, <c>body</c>. It sends nothing itself:
/// the message goes into the command's outbox and becomes mail once the command has committed.
/// </summary>
public sealed class EmailSendTask : IServiceTaskHandler
{
    public const string TopicName = "email";

    public string Topic => TopicName;

    public ValueTask<IReadOnlyDictionary<string, JsonNode?>?> ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var to = Text(context, "to");
        var subject = Text(context, "subject");
        if (string.IsNullOrWhiteSpace(to) || string.IsNullOrWhiteSpace(subject))
        {
            throw new EngineException($"'{context.ElementId}': a send task with topic 'email' needs the input parameters 'to' and 'subject'.")
            {
                ElementId = context.ElementId,
            };
        }

        context.SendMessage(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["to"] = to,
            ["subject"] = subject,
            ["body"] = Text(context, "body") ?? string.Empty,
            ["step"] = context.ElementName ?? context.ElementId,
            ["businessKey"] = context.BusinessKey ?? string.Empty,
        });
        return ValueTask.FromResult<IReadOnlyDictionary<string, JsonNode?>?>(null);
    }

    private static string? Text(ServiceTaskContext context, string name) =>
        context.Parameters.TryGetValue(name, out var value) && value is not null ? value.ToString() : null;
}
