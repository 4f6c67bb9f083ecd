using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageGallery.Web.Storage;

// The embedded store's POST policy: the same conditions S3 enforces, in a simpler
// shape. It travels base64-encoded in the form's "policy" field, signed.
public sealed record EmbeddedPolicy(
    [property: JsonPropertyName("expiration")] DateTimeOffset Expiration,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("contentType")] string ContentType,
    [property: JsonPropertyName("minLength")] long MinLength,
    [property: JsonPropertyName("maxLength")] long MaxLength,
    [property: JsonPropertyName("successStatus")] string SuccessStatus)
{
    public string Encode() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this));

    public static EmbeddedPolicy? Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded)) return null;
        try
        {
            return JsonSerializer.Deserialize<EmbeddedPolicy>(Convert.FromBase64String(encoded));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    // Every form field except the policy, its signature and the file must be named
    // here with exactly this value, as S3 requires ("extra input fields" are refused).
    public IReadOnlyDictionary<string, string> Fields => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["key"] = Key,
        ["Content-Type"] = ContentType,
        ["success_action_status"] = SuccessStatus,
    };

}
