using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;

namespace ImageGallery.Web.SharedState;

public sealed class RedisOptions : IValidatableObject
{
    public const string Section = "Redis";

    // A StackExchange.Redis configuration string ("host:6379,password=...,ssl=true").
    // Empty: no Redis; everything shared lives in the database or in each process.
    public string? Configuration { get; set; }

    // Prefix of every key the app writes, so several apps can share one Redis.
    [Required(ErrorMessage = "Redis:KeyPrefix is required.")]
    [RegularExpression(@"^[A-Za-z0-9_.:\-]{1,64}$", ErrorMessage = "Redis:KeyPrefix must be 1 to 64 letters, digits or _ . : -")]
    public string KeyPrefix { get; set; } = "imagegallery:";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured) yield break;
        string? error = null;
        try
        {
            ConfigurationOptions.Parse(Configuration!);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
        }
        if (error is not null)
            yield return new ValidationResult($"Redis:Configuration is not a valid StackExchange.Redis configuration string: {error}",
                [nameof(Configuration)]);
    }
}
