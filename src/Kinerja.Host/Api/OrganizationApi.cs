using System.Net.Mail;
using System.Text.RegularExpressions;
using Kinerja.Host.Configuration;
using Kinerja.Host.Data;
using Kinerja.Host.Organization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Api;

public sealed record PersonDto(
    string Key, string Name, string? Nip, string Email, string? Position, string? SkpdCode, string? SupervisorKey, string Culture, bool Active,
    IReadOnlyList<string> Groups);

/// <param name="Key">Only for creating; when given on update it must be the key in the address.</param>
/// <param name="Culture">"id" (Bahasa Indonesia, the default) or "en": the language of the person's mail.</param>
public sealed record PersonRequest(
    string? Name,
    string? Email,
    string? Key = null,
    string? Nip = null,
    string? Position = null,
    string? SkpdCode = null,
    string? SupervisorKey = null,
    string? Culture = null,
    bool? Active = null);

public sealed record RoleDto(string Group, string Name, IReadOnlyList<string> Members);

public sealed record RoleRequest(string? Name);

public sealed record SkpdDto(string Code, string Name, string Group);

public sealed record SkpdRequest(string? Name);

public sealed record AbsenceDto(
    long Id, string PersonKey, string SubstituteKey, DateOnly From, DateOnly To, SubstituteKind Kind, string? Reason, DateTimeOffset CreatedAt, string? CreatedBy);

/// <param name="Kind">Plh (short absence, the default) or Plt (vacant or long-absent post).</param>
public sealed record AbsenceRequest(string? PersonKey, string? SubstituteKey, DateOnly? From, DateOnly? To, string? Kind = null, string? Reason = null);

/// <summary>
/// The organisation the engine's groups and assignees refer to: people (with atasan and mail language), roles and
/// their members, SKPDs, and absences with their Plh/Plt. Every reference is checked; a bad one is a 400 naming the field.
/// </summary>
public static partial class OrganizationApi
{
    public static RouteGroupBuilder MapOrganizationApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var people = api.MapGroup("/people").RequireAuthorization(ApiSetup.ApiPolicy).WithTags("Organisation").ProducesProblem(StatusCodes.Status404NotFound);
        people.MapGet("/", ListPeopleAsync).ProducesValidationProblem().WithSummary("People, by key; filters: skpd, group, active, q (name, key or NIP contains).");
        people.MapGet("/{key}", GetPersonAsync).WithSummary("A person with the groups they are a member of.");
        people.MapPost("/", CreatePersonAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Adds a person.");
        people.MapPut("/{key}", UpdatePersonAsync).ProducesValidationProblem().WithSummary("Changes a person (name, NIP, mail, position, SKPD, atasan, language, active).");

        var roles = api.MapGroup("/roles").RequireAuthorization(ApiSetup.ApiPolicy).WithTags("Organisation").ProducesProblem(StatusCodes.Status404NotFound);
        roles.MapGet("/", ListRolesAsync).WithSummary("Roles (candidate groups) with their members.");
        roles.MapGet("/{group}", GetRoleAsync).WithSummary("A role with its members.");
        roles.MapPut("/{group}", PutRoleAsync).ProducesValidationProblem().WithSummary("Adds a role or renames it.");
        roles.MapDelete("/{group}", DeleteRoleAsync).WithSummary("Removes a role and its memberships (tasks already offered to it keep the group).");
        roles.MapPut("/{group}/members/{personKey}", AddMemberAsync).ProducesValidationProblem().WithSummary("Makes a person a member of the role.");
        roles.MapDelete("/{group}/members/{personKey}", RemoveMemberAsync).WithSummary("Ends a person's membership of the role.");

        var skpds = api.MapGroup("/skpds").RequireAuthorization(ApiSetup.ApiPolicy).WithTags("Organisation").ProducesProblem(StatusCodes.Status404NotFound);
        skpds.MapGet("/", ListSkpdsAsync).WithSummary("The Perangkat Daerah.");
        skpds.MapGet("/{code}", GetSkpdAsync).WithSummary("One Perangkat Daerah.");
        skpds.MapPut("/{code}", PutSkpdAsync).ProducesValidationProblem().WithSummary("Adds a Perangkat Daerah (with its operators' role skpd:{code}) or renames it.");

        var absences = api.MapGroup("/absences").RequireAuthorization(ApiSetup.ApiPolicy).WithTags("Organisation").ProducesProblem(StatusCodes.Status404NotFound);
        absences.MapGet("/", ListAbsencesAsync).WithSummary("Absences with their Plh/Plt; filters: personKey, substituteKey, on (a date they cover).");
        absences.MapPost("/", CreateAbsenceAsync).ProducesValidationProblem().WithSummary("Records an absence: who is away, from and to (dates), their Plh/Plt.");
        absences.MapDelete("/{id:long}", DeleteAbsenceAsync).WithSummary("Removes an absence.");
        return api;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
    private static partial Regex GroupPattern();

    // People

    private static async Task<Ok<PageDto<PersonDto>>> ListPeopleAsync(
        HostDbContextFactory contexts, string? skpd, string? group, bool? active, string? q, int? skip, int? take, CancellationToken cancellationToken)
    {
        var (from, count) = InstancesApi.Paging(skip, take);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = db.People.AsNoTracking();
        if (InstancesApi.Blank(skpd) is { } code)
        {
            people = people.Where(p => p.SkpdCode == code);
        }

        if (InstancesApi.Blank(group) is { } role)
        {
            people = people.Where(p => db.RoleMembers.Any(m => m.Group == role && m.PersonKey == p.Key));
        }

        if (active is { } isActive)
        {
            people = people.Where(p => p.Active == isActive);
        }

        if (InstancesApi.Blank(q) is { } text)
        {
            people = people.Where(p => p.Name.Contains(text) || p.Key.Contains(text) || (p.Nip != null && p.Nip.Contains(text)));
        }

        var total = await people.CountAsync(cancellationToken);
        var page = await people.OrderBy(p => p.Key).Skip(from).Take(count).ToListAsync(cancellationToken);
        var keys = page.Select(p => p.Key).ToList();
        var memberships = await db.RoleMembers.AsNoTracking().Where(m => keys.Contains(m.PersonKey)).ToListAsync(cancellationToken);
        var items = page.Select(p => ToDto(p, memberships.Where(m => m.PersonKey == p.Key).Select(m => m.Group))).ToList();
        return TypedResults.Ok(new PageDto<PersonDto>(items, total, from, count));
    }

    private static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> GetPersonAsync(
        string key, HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        return person is null
            ? ApiProblems.NotFound($"There is no person '{key}'.")
            : TypedResults.Ok(await WithGroupsAsync(db, person, cancellationToken));
    }

    private static async Task<Results<Created<PersonDto>, ProblemHttpResult>> CreatePersonAsync(
        PersonRequest request, HostDbContextFactory contexts, IOptions<KinerjaSettings> settings, CancellationToken cancellationToken)
    {
        var key = request.Key?.Trim();
        if (string.IsNullOrEmpty(key) || !KeyPattern().IsMatch(key))
        {
            throw ApiException.Invalid("key", "A key of 1 to 64 letters, digits, '.', '_' or '-' is required (e.g. kepala.dinkes).");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.People.AnyAsync(p => p.Key == key, cancellationToken))
        {
            return ApiProblems.Conflict($"There is already a person '{key}'.");
        }

        var person = new Person { Key = key, Name = string.Empty, Email = string.Empty };
        await ApplyAsync(db, person, request, settings.Value, creating: true, cancellationToken);
        db.People.Add(person);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/people/{Uri.EscapeDataString(key)}", ToDto(person, []));
    }

    private static async Task<Results<Ok<PersonDto>, ProblemHttpResult>> UpdatePersonAsync(
        string key, PersonRequest request, HostDbContextFactory contexts, IOptions<KinerjaSettings> settings, CancellationToken cancellationToken)
    {
        if (InstancesApi.Blank(request.Key) is { } given && given != key)
        {
            throw ApiException.Invalid("key", $"A person's key does not change; the body says '{given}', the address '{key}'.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var person = await db.People.FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        if (person is null)
        {
            return ApiProblems.NotFound($"There is no person '{key}'.");
        }

        await ApplyAsync(db, person, request, settings.Value, creating: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await WithGroupsAsync(db, person, cancellationToken));
    }

    /// <summary>Checks every field of the request and copies it onto the person; the first bad field is a 400 naming it.</summary>
    private static async Task ApplyAsync(HostDbContext db, Person person, PersonRequest request, KinerjaSettings settings, bool creating, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            throw ApiException.Invalid("name", "A name of 1 to 200 characters is required.");
        }

        var email = request.Email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            throw ApiException.Invalid("email", $"'{email}' is not a mail address.");
        }

        var skpd = InstancesApi.Blank(request.SkpdCode);
        if (skpd is not null && !await db.Skpds.AnyAsync(s => s.Code == skpd, cancellationToken))
        {
            throw ApiException.Invalid("skpdCode", $"There is no SKPD '{skpd}'.");
        }

        var supervisor = InstancesApi.Blank(request.SupervisorKey);
        if (supervisor is not null)
        {
            if (supervisor == person.Key)
            {
                throw ApiException.Invalid("supervisorKey", "A person is not their own atasan.");
            }

            // Walk up from the new atasan: reaching this person again would make escalations go round in a circle.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var current = supervisor; current is not null && seen.Add(current);)
            {
                var above = await db.People.AsNoTracking().Where(p => p.Key == current).Select(p => new { p.SupervisorKey }).FirstOrDefaultAsync(cancellationToken);
                if (above is null && current == supervisor)
                {
                    throw ApiException.Invalid("supervisorKey", $"There is no person '{supervisor}'.");
                }

                if (above?.SupervisorKey == person.Key)
                {
                    throw ApiException.Invalid("supervisorKey", $"'{supervisor}' reports (directly or through others) to '{person.Key}': atasan would go round in a circle.");
                }

                current = above?.SupervisorKey;
            }
        }

        var cultures = settings.Culture.SupportedList.Select(c => c.Split('-')[0].ToLowerInvariant()).Distinct().ToList();
        var culture = InstancesApi.Blank(request.Culture)?.ToLowerInvariant() ?? (creating ? "id" : person.Culture);
        if (!cultures.Contains(culture))
        {
            throw ApiException.Invalid("culture", $"'{request.Culture}' is not a mail language here; use {string.Join(" or ", cultures)}.");
        }

        person.Name = name;
        person.Email = email;
        person.Nip = InstancesApi.Blank(request.Nip);
        person.Position = InstancesApi.Blank(request.Position);
        person.SkpdCode = skpd;
        person.SupervisorKey = supervisor;
        person.Culture = culture;
        person.Active = request.Active ?? (creating || person.Active);
    }

    private static PersonDto ToDto(Person p, IEnumerable<string> groups) =>
        new(p.Key, p.Name, p.Nip, p.Email, p.Position, p.SkpdCode, p.SupervisorKey, p.Culture, p.Active, groups.Order(StringComparer.Ordinal).ToList());

    private static async Task<PersonDto> WithGroupsAsync(HostDbContext db, Person person, CancellationToken cancellationToken) =>
        ToDto(person, await db.RoleMembers.AsNoTracking().Where(m => m.PersonKey == person.Key).Select(m => m.Group).ToListAsync(cancellationToken));

    // Roles

    private static async Task<Ok<List<RoleDto>>> ListRolesAsync(HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var roles = await db.OrgRoles.AsNoTracking().OrderBy(r => r.Group).ToListAsync(cancellationToken);
        var members = (await db.RoleMembers.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(m => m.Group, m => m.PersonKey, StringComparer.Ordinal);
        return TypedResults.Ok(roles.Select(r => new RoleDto(r.Group, r.Name, members[r.Group].Order(StringComparer.Ordinal).ToList())).ToList());
    }

    private static async Task<Results<Ok<RoleDto>, ProblemHttpResult>> GetRoleAsync(
        string group, HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var role = await db.OrgRoles.AsNoTracking().FirstOrDefaultAsync(r => r.Group == group, cancellationToken);
        return role is null ? ApiProblems.NotFound($"There is no role '{group}'.") : TypedResults.Ok(await RoleAsync(db, role, cancellationToken));
    }

    private static async Task<Ok<RoleDto>> PutRoleAsync(string group, RoleRequest request, HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        if (!GroupPattern().IsMatch(group))
        {
            throw ApiException.Invalid("group", "A group of 1 to 100 letters, digits, '.', '_', ':' or '-' is required (e.g. kasubbag-kinerja-rb, skpd:dinkes).");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            throw ApiException.Invalid("name", "A name of 1 to 200 characters is required.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var role = await db.OrgRoles.FirstOrDefaultAsync(r => r.Group == group, cancellationToken);
        if (role is null)
        {
            role = new Role { Group = group, Name = name };
            db.OrgRoles.Add(role);
        }
        else
        {
            role.Name = name;
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await RoleAsync(db, role, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRoleAsync(
        string group, HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var role = await db.OrgRoles.FirstOrDefaultAsync(r => r.Group == group, cancellationToken);
        if (role is null)
        {
            return ApiProblems.NotFound($"There is no role '{group}'.");
        }

        db.RoleMembers.RemoveRange(await db.RoleMembers.Where(m => m.Group == group).ToListAsync(cancellationToken));
        db.OrgRoles.Remove(role);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RoleDto>, ProblemHttpResult>> AddMemberAsync(
        string group, string personKey, HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var role = await db.OrgRoles.AsNoTracking().FirstOrDefaultAsync(r => r.Group == group, cancellationToken);
        if (role is null)
        {
            return ApiProblems.NotFound($"There is no role '{group}'.");
        }

        if (!await db.People.AnyAsync(p => p.Key == personKey, cancellationToken))
        {
            throw ApiException.Invalid("personKey", $"There is no person '{personKey}'.");
        }

        if (!await db.RoleMembers.AnyAsync(m => m.Group == group && m.PersonKey == personKey, cancellationToken))
        {
            db.RoleMembers.Add(new RoleMember { Group = group, PersonKey = personKey });
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(await RoleAsync(db, role, cancellationToken));
    }

    private static async Task<Results<Ok<RoleDto>, ProblemHttpResult>> RemoveMemberAsync(
        string group, string personKey, HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var role = await db.OrgRoles.AsNoTracking().FirstOrDefaultAsync(r => r.Group == group, cancellationToken);
        var member = await db.RoleMembers.FirstOrDefaultAsync(m => m.Group == group && m.PersonKey == personKey, cancellationToken);
        if (role is null || member is null)
        {
            return ApiProblems.NotFound(role is null ? $"There is no role '{group}'." : $"'{personKey}' is not a member of '{group}'.");
        }

        db.RoleMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await RoleAsync(db, role, cancellationToken));
    }

    private static async Task<RoleDto> RoleAsync(HostDbContext db, Role role, CancellationToken cancellationToken) =>
        new(role.Group, role.Name, await db.RoleMembers.AsNoTracking().Where(m => m.Group == role.Group).Select(m => m.PersonKey).OrderBy(k => k).ToListAsync(cancellationToken));

    // SKPDs

    private static async Task<Ok<List<SkpdDto>>> ListSkpdsAsync(HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skpds = await db.Skpds.AsNoTracking().OrderBy(s => s.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(skpds.Select(s => new SkpdDto(s.Code, s.Name, DemoOrganization.SkpdGroup(s.Code))).ToList());
    }

    private static async Task<Results<Ok<SkpdDto>, ProblemHttpResult>> GetSkpdAsync(
        string code, HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skpd = await db.Skpds.AsNoTracking().FirstOrDefaultAsync(s => s.Code == code, cancellationToken);
        return skpd is null ? ApiProblems.NotFound($"There is no SKPD '{code}'.") : TypedResults.Ok(new SkpdDto(skpd.Code, skpd.Name, DemoOrganization.SkpdGroup(skpd.Code)));
    }

    private static async Task<Ok<SkpdDto>> PutSkpdAsync(string code, SkpdRequest request, HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        if (code.Length > 32 || !KeyPattern().IsMatch(code))
        {
            throw ApiException.Invalid("code", "A code of 1 to 32 letters, digits, '.', '_' or '-' is required (e.g. dinkes).");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            throw ApiException.Invalid("name", "A name of 1 to 200 characters is required.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skpd = await db.Skpds.FirstOrDefaultAsync(s => s.Code == code, cancellationToken);
        if (skpd is null)
        {
            skpd = new Skpd { Code = code, Name = name };
            db.Skpds.Add(skpd);
            var group = DemoOrganization.SkpdGroup(code);
            if (!await db.OrgRoles.AnyAsync(r => r.Group == group, cancellationToken))
            {
                db.OrgRoles.Add(new Role { Group = group, Name = $"Operator {name}" });
            }
        }
        else
        {
            skpd.Name = name;
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SkpdDto(skpd.Code, skpd.Name, DemoOrganization.SkpdGroup(skpd.Code)));
    }

    // Absences

    private static async Task<Ok<List<AbsenceDto>>> ListAbsencesAsync(
        HostDbContextFactory contexts, string? personKey, string? substituteKey, DateOnly? on, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var absences = db.Absences.AsNoTracking();
        if (InstancesApi.Blank(personKey) is { } person)
        {
            absences = absences.Where(a => a.PersonKey == person);
        }

        if (InstancesApi.Blank(substituteKey) is { } substitute)
        {
            absences = absences.Where(a => a.SubstituteKey == substitute);
        }

        if (on is { } date)
        {
            absences = absences.Where(a => a.From <= date && a.To >= date);
        }

        var list = await absences.OrderBy(a => a.From).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(ToDto).ToList());
    }

    private static async Task<Created<AbsenceDto>> CreateAbsenceAsync(
        AbsenceRequest request, HttpContext http, HostDbContextFactory contexts, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var personKey = await RequirePersonAsync(db, "personKey", request.PersonKey, cancellationToken);
        var substituteKey = await RequirePersonAsync(db, "substituteKey", request.SubstituteKey, cancellationToken);
        if (substituteKey == personKey)
        {
            throw ApiException.Invalid("substituteKey", "A person does not stand in for themselves.");
        }

        var from = request.From ?? throw ApiException.Invalid("from", "The first day of the absence is required (yyyy-MM-dd).");
        var to = request.To ?? throw ApiException.Invalid("to", "The last day of the absence is required (yyyy-MM-dd).");
        if (to < from)
        {
            throw ApiException.Invalid("to", $"The last day ({to:yyyy-MM-dd}) is before the first ({from:yyyy-MM-dd}).");
        }

        var kind = SubstituteKind.Plh;
        if (!string.IsNullOrWhiteSpace(request.Kind) && !(Enum.TryParse(request.Kind, ignoreCase: true, out kind) && Enum.IsDefined(kind)))
        {
            throw ApiException.Invalid("kind", $"'{request.Kind}' is not a kind of substitute; use Plh or Plt.");
        }

        var caller = await ApiCaller.OfAsync(http);
        var absence = new Absence
        {
            PersonKey = personKey,
            SubstituteKey = substituteKey,
            From = from,
            To = to,
            Kind = kind,
            Reason = InstancesApi.Blank(request.Reason),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = caller.Actor,
        };
        db.Absences.Add(absence);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/absences/{absence.Id}", ToDto(absence));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAbsenceAsync(
        long id, HostDbContextFactory contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var absence = await db.Absences.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (absence is null)
        {
            return ApiProblems.NotFound($"There is no absence {id}.");
        }

        db.Absences.Remove(absence);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static AbsenceDto ToDto(Absence a) => new(a.Id, a.PersonKey, a.SubstituteKey, a.From, a.To, a.Kind, a.Reason, a.CreatedAt, a.CreatedBy);

    private static async Task<string> RequirePersonAsync(HostDbContext db, string field, string? key, CancellationToken cancellationToken)
    {
        var trimmed = InstancesApi.Blank(key) ?? throw ApiException.Invalid(field, "A person key is required.");
        return await db.People.AnyAsync(p => p.Key == trimmed, cancellationToken)
            ? trimmed
            : throw ApiException.Invalid(field, $"There is no person '{trimmed}'.");
    }
}
