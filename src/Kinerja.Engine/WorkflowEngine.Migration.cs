using Kinerja.Engine.Execution;

namespace Kinerja.Engine;

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// Moves a running instance to another deployed version of its process (usually the newest), keeping
    /// its tasks, deadlines and variables. Refused with <see cref="MigrationException"/>, naming each
    /// element, when a place the instance waits at is gone or changed kind in that version.
    /// </summary>
    public async Task<ProcessInstance> MigrateInstanceAsync(Guid instanceId, int targetVersion, string? actor = null, CancellationToken cancellationToken = default)
    {
        ProcessInstance? migrated = null;
        await ExecuteAsync(actor, null, async context =>
        {
            var runtime = await context.GetRuntimeAsync(instanceId, cancellationToken);
            var target = await _services.Store.FindDefinitionAsync(runtime.Instance.ProcessKey, targetVersion, cancellationToken)
                ?? throw new NotFoundException($"Process '{runtime.Instance.ProcessKey}' has no version {targetVersion}.");
            if (target.Id != runtime.Instance.DefinitionId)
            {
                runtime.MigrateTo(target, _services.Definitions.Get(target));
            }

            migrated = runtime.Instance;
            return true;
        }, cancellationToken);
        return migrated!;
    }
}
