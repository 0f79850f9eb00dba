using Microsoft.AspNetCore.Identity;

namespace Kinerja.Host.Security;

/// <summary>A sign-in account; officers' accounts point at their <see cref="Organization.Person"/>.</summary>
public sealed class KinerjaUser : IdentityUser
{
    public string? PersonKey { get; set; }
}

public static class KinerjaRoles
{
    public const string Admin = "admin";
}
