using Hangfire.Dashboard;

namespace Kinerja.Host.Security;

/// <summary>The Hangfire dashboard is for signed-in admins only.</summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(KinerjaRoles.Admin);
    }
}
