using Microsoft.EntityFrameworkCore;

namespace Kinerja.Persistence;

/// <summary>
/// The hot reads, compiled once per store: every command makes them. A compiled query binds to the
/// model of the first context it runs on, so each store (one provider) keeps its own.
/// </summary>
internal sealed class CompiledQueries
{
    public Func<KinerjaDbContext, Guid, Task<string?>> InstanceState { get; } =
        EF.CompileAsyncQuery((KinerjaDbContext db, Guid id) =>
            db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => i.StateJson).FirstOrDefault());

    public Func<KinerjaDbContext, string, Task<string?>> TaskJson { get; } =
        EF.CompileAsyncQuery((KinerjaDbContext db, string id) =>
            db.Tasks.AsNoTracking().Where(t => t.Id == id).Select(t => t.TaskJson).FirstOrDefault());

    public Func<KinerjaDbContext, string, Task<string?>> IdempotentResult { get; } =
        EF.CompileAsyncQuery((KinerjaDbContext db, string key) =>
            db.IdempotencyKeys.AsNoTracking().Where(k => k.Key == key).Select(k => k.Result).FirstOrDefault());
}
