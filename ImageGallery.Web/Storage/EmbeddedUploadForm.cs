using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ImageGallery.Web.Storage;

// Reads an embedded upload form up to its file part, refusing early. The endpoint is
// anonymous, so nothing a client sends is buffered without a bound: only the fields a
// form the app signs can have (EmbeddedObjectStore.CreateUploadForm), each once and
// small, before the file; anything else stops the read at once.
public static class EmbeddedUploadForm
{
    public static readonly IReadOnlySet<string> FieldNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "key", "Content-Type", "success_action_status", "policy", "x-gallery-signature",
    };

    // A key is at most 300 characters (EmbeddedObjectStore.PathFor); a policy about 400.
    public const int MaxFieldBytes = 2048;
    private const int MaxHeaderBytes = 1024;

    // Everything in a body besides the file: the fields, part headers and boundaries.
    public const long Overhead = 16 * 1024;

    public sealed record Result(Dictionary<string, string> Fields, MultipartSection? File, StorageRefusal? Refusal);

    public sealed record StorageRefusal(int Status, string Code, string Message);

    /// <param name="maxFileBytes">The largest file any form may carry: bounds every part, preamble included.</param>
    public static async Task<Result> ReadAsync(Stream body, string boundary, long maxFileBytes, CancellationToken ct)
    {
        var reader = new MultipartReader(boundary, body)
        {
            HeadersCountLimit = 4,
            HeadersLengthLimit = MaxHeaderBytes,
            BodyLengthLimit = maxFileBytes + 1,
        };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition is null) return Refuse(400, "MalformedPOSTRequest", "A form part has no name.");
                var name = disposition.Name.Value ?? "";
                if (disposition.IsFileDisposition() || name == "file") return new(fields, section, null);
                if (!FieldNames.Contains(name))
                    return Refuse(403, "AccessDenied", $"Invalid according to Policy: Extra input fields: {Truncate(name)}");
                if (fields.ContainsKey(name))
                    return Refuse(400, "InvalidArgument", $"The form field {name} is given more than once.");
                var value = await ReadFieldAsync(section, ct);
                if (value is null) return Refuse(400, "MalformedPOSTRequest", $"The form field {name} is too long.");
                fields[name] = value;
            }
        }
        catch (InvalidDataException)
        {
            // The reader's own limits: headers too long or too many, a part too large.
            return Refuse(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");
        }
        return Refuse(400, "InvalidArgument", "POST requires exactly one file upload per request.");

        Result Refuse(int status, string code, string message) => new(fields, null, new(status, code, message));
    }

    private static string Truncate(string name) => name.Length <= 64 ? name : name[..64] + "...";

    private static async Task<string?> ReadFieldAsync(MultipartSection section, CancellationToken ct)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var total = 0;
        int read;
        while (total <= MaxFieldBytes && (read = await section.Body.ReadAsync(buffer.AsMemory(total), ct)) > 0)
            total += read;
        return total > MaxFieldBytes ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }
}
