namespace ImageGallery.Web.Trash;

// The ids a bulk request names. Bounded, so one request costs at most a known amount;
// every id must be acted on, or the whole request is refused and the bad ids named.
public static class BulkIds
{
    public const int Max = 500;

    // Null when the list is acceptable; otherwise why not.
    public static string? Problem(IReadOnlyCollection<Guid>? ids) => ids switch
    {
        null or { Count: 0 } => "Name at least one image.",
        { Count: > Max } => $"At most {Max} images per request.",
        _ when ids.Contains(Guid.Empty) => "An id is not valid.",
        _ => null,
    };
}

// Missing: ids that are not the caller's, do not exist, or are not in a state the action
// applies to; all three look the same from outside, so nobody learns about others' ids.
// TrashedAt (moves to the trash only) names the move for Undo: every image of one move
// shares it.
public sealed record BulkOutcome(int Changed, IReadOnlyList<Guid> Missing, DateTime? TrashedAt = null)
{
    public bool Ok => Missing.Count == 0;
}

// Thrown inside a transaction to roll it back when a conditional UPDATE changed fewer
// rows than it was checked to: another request changed some of them in between.
public sealed class ConcurrentChangeException() : Exception("Some images changed meanwhile; nothing was done.");
