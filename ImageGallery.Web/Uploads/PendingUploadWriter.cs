using System.Threading.Channels;
using ImageGallery.Web.Data;

namespace ImageGallery.Web.Uploads;

// Group commit for presigns. Each presign must reserve quota and record a Pending
// image; done one transaction per request, SQLite's single writer caps the app at
// about a thousand presigns a second however fast the rest is. Here requests queue
// their write, and one writer commits whatever has queued up in a single transaction
// (per-user reservations stay individual conditional UPDATEs, so quotas hold exactly).
// A request gets its answer only after its batch has committed.
public sealed class PendingUploadWriter(IServiceScopeFactory scopes, ILogger<PendingUploadWriter> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    private sealed record Entry(Image Image, int MaxImages, long MaxBytes, TaskCompletionSource<bool> Done);

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });

    /// <param name="maxImages">The limit for people without an override (likewise maxBytes).</param>
    /// <returns>false when the owner is locked by an admin or the image would take
    /// them past a quota (nothing recorded).</returns>
    public Task<bool> RecordAsync(Image image, int maxImages, long maxBytes)
    {
        var entry = new Entry(image, maxImages, maxBytes, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(entry)) throw new InvalidOperationException("The app is shutting down.");
        return entry.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Entry>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
                await WriteQueuedAsync(batch);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Stopping (after the server has finished its requests): what is queued is still
        // written, so no request that was told "wait" is dropped; then nothing more is taken.
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryPeek(out _)) await WriteQueuedAsync(batch);
    }

    private async Task WriteQueuedAsync(List<Entry> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry)) batch.Add(entry);
        await WriteAsync(batch);
        batch.Clear();
    }

    private async Task WriteAsync(List<Entry> batch)
    {
        var results = new bool[batch.Count];
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
            // Not the host's stopping token: a batch that has started is finished.
            await db.InTransactionAsync(async () =>
            {
                await using var reserve = UsageCounters.PrepareReservation(db);
                await using var insert = PendingImageInsert.Prepare(db);
                // Rows are locked in owner order, the same in every instance's batches: two
                // instances' writers on one server database cannot deadlock on each other's
                // users. The sort is stable, so one person's presigns keep their order.
                foreach (var i in Enumerable.Range(0, batch.Count).OrderBy(i => batch[i].Image.OwnerId, StringComparer.Ordinal))
                {
                    var (image, maxImages, maxBytes, _) = batch[i];
                    results[i] = await reserve.TryAsync(image.OwnerId, image.StoredBytes(), maxImages, maxBytes);
                    if (results[i]) await insert.InsertAsync(image);
                }
                return true;
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Recording a batch of {Count} upload(s) failed", batch.Count);
            foreach (var entry in batch) entry.Done.TrySetException(e);
            return;
        }
        for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
    }
}
