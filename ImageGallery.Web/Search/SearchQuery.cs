namespace ImageGallery.Web.Search;

// What a person typed, as words. Matching is by substring: each word must appear
// somewhere in the file name, the caption or an album name, in any case ("ach" finds
// "Beach_2019.JPG"). Substring rather than prefix because file names run words
// together (IMG_20190704_beach.jpg): a prefix search would not find "beach" there.
// Words need 3 characters: the index is of trigrams, and shorter words would match
// nearly everything anyway.
public sealed record SearchQuery(IReadOnlyList<string> Words)
{
    public const int MinWordLength = 3;
    public const int MaxWords = 8;
    public const int MaxLength = 200;

    // Null with an error when the text cannot be searched for.
    public static (SearchQuery? Query, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        if (text.Length > MaxLength) return (null, $"Search for at most {MaxLength} characters.");
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.ToLowerInvariant()).Distinct().ToList();
        if (words.Count > MaxWords) return (null, $"Search for at most {MaxWords} words.");
        if (words.Any(w => w.Length < MinWordLength))
            return (null, $"Each word needs at least {MinWordLength} characters.");
        return (new SearchQuery(words), null);
    }

    // FTS5: each word a quoted string (a substring under the trigram tokenizer), all required.
    public string Fts5Match => string.Join(" AND ", Words.Select(w => "\"" + w.Replace("\"", "\"\"") + "\""));
}
