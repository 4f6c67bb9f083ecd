using ImageGallery.Tests.Infrastructure;

namespace ImageGallery.Tests.Albums;

// The selection bar's and album pages' forms, posted as a browser would (several ids
// under one name, which SubmitFormAsync's dictionary cannot carry).
public static class OrganiseForms
{
    public static async Task<HttpResponseMessage> PostSelectionAsync(this GalleryClient client, string handler,
        IEnumerable<Guid> ids, params (string Name, string Value)[] fields)
    {
        var token = await client.AntiforgeryTokenAsync();
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("returnUrl", "/") };
        values.AddRange(ids.Select(id => new KeyValuePair<string, string>("ids", id.ToString())));
        values.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.Http.PostAsync($"/selection?handler={handler}", new FormUrlEncodedContent(values));
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this GalleryClient client, string url, params (string Name, string Value)[] fields)
    {
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", await client.AntiforgeryTokenAsync()) };
        values.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.Http.PostAsync(url, new FormUrlEncodedContent(values));
    }

    // Creates an album through /albums and returns its id (from the redirect to its page).
    public static async Task<Guid> CreateAlbumAsync(this GalleryClient client, string name)
    {
        var response = await client.SubmitFormAsync("/albums", new Dictionary<string, string> { ["Input.Name"] = name }, "form.album-create");
        var location = response.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"No redirect: {response.StatusCode}");
        return Guid.Parse(location.Split('/')[^1]);
    }
}
