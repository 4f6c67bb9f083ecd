using System.ComponentModel.DataAnnotations;

namespace ImageGallery.Web.Accounts;

public sealed class AccountOptions
{
    public const string Section = "Accounts";

    // Off by default: there is no mail server in the default set-up.
    public bool RequireConfirmedEmail { get; set; }

    [Range(8, 128, ErrorMessage = "Accounts:MinPasswordLength must be between {1} and {2}.")]
    public int MinPasswordLength { get; set; } = 8;

    [Range(1, 100, ErrorMessage = "Accounts:MaxFailedAccessAttempts must be between {1} and {2}.")]
    public int MaxFailedAccessAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00",
        ErrorMessage = "Accounts:LockoutDuration must be between {1} and {2}.")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
