using Kinerja.Host.Organization;
using Kinerja.Host.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kinerja.Host.Pages;

/// <summary>Sign-in with ASP.NET Core Identity; five wrong passwords lock the account for 15 minutes.</summary>
public sealed class MasukModel(SignInManager<KinerjaUser> signIn, OrganizationDirectory directory) : PageModel
{
    [BindProperty]
    public string UserName { get; set; } = string.Empty;

    [BindProperty]
    public string Password { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // An officer marked inactive in master data no longer signs in (the answer does not say why).
        if (await signIn.UserManager.FindByNameAsync(UserName) is { PersonKey: { } personKey }
            && await directory.FindAsync(personKey) is { Active: false })
        {
            Error = "SignIn.Failed";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(UserName, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/kotak");
        }

        Error = result.IsLockedOut ? "SignIn.LockedOut" : "SignIn.Failed";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
