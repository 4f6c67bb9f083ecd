using ImageGallery.Web.Storage;

namespace ImageGallery.Tests.Infrastructure;

// A real store (the embedded one) with one behaviour changed by a test: what no outside
// request can cause on cue, such as an outage or a complete paused inside its copy.
public abstract class DelegatingObjectStore(IObjectStore inner) : IObjectStore
{
    public virtual PresignedForm CreateUploadForm(UploadFormRequest request) => inner.CreateUploadForm(request);
    public virtual Task<StoredObject?> GetInfoAsync(string key, CancellationToken ct) => inner.GetInfoAsync(key, ct);
    public virtual Task<ObjectHead?> ReadHeadAsync(string key, int count, CancellationToken ct) => inner.ReadHeadAsync(key, count, ct);
    public virtual Task DeleteAsync(string key, CancellationToken ct) => inner.DeleteAsync(key, ct);
    public virtual Task<bool> CopyAsync(string sourceKey, string destinationKey, long size, CancellationToken ct) =>
        inner.CopyAsync(sourceKey, destinationKey, size, ct);
    public virtual IAsyncEnumerable<ListedObject> ListAsync(string prefix, CancellationToken ct) => inner.ListAsync(prefix, ct);
    public virtual Uri GetViewUrl(ViewUrlRequest request) => inner.GetViewUrl(request);
    public virtual Task<bool> IsHealthyAsync(CancellationToken ct) => inner.IsHealthyAsync(ct);
    public virtual Task<string> SetupAsync(CancellationToken ct) => inner.SetupAsync(ct);
}
