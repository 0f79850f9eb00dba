using Microsoft.EntityFrameworkCore;

namespace Kinerja.Persistence;

/// <summary>The hot reads, compiled once: every command makes them.</summary>
internal static class CompiledQueries
{
    public static readonly Func<KinerjaDbContext, Guid, Task<string?>> InstanceState =
        EF.CompileAsyncQuery((KinerjaDbContext db, Guid id) =>
            db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => i.StateJson).FirstOrDefault());

    public static readonly Func<KinerjaDbContext, string, Task<string?>> TaskJson =
        EF.CompileAsyncQuery((KinerjaDbContext db, string id) =>
            db.Tasks.AsNoTracking().Where(t => t.Id == id).Select(t => t.TaskJson).FirstOrDefault());

    public static readonly Func<KinerjaDbContext, string, Task<string?>> IdempotentResult =
        EF.CompileAsyncQuery((KinerjaDbContext db, string key) =>
            db.IdempotencyKeys.AsNoTracking().Where(k => k.Key == key).Select(k => k.Result).FirstOrDefault());
}
