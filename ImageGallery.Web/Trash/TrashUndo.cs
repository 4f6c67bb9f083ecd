using System.Globalization;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ImageGallery.Web.Trash;

// What a page leaves in TempData after moving images to the trash, for the layout's
// Undo form (Pages/Shared/_UndoStatus.cshtml): the move's time and how many it took.
public static class TrashUndo
{
    private const string AtKey = "Trash.UndoAt";
    private const string CountKey = "Trash.UndoCount";

    public static void Offer(ITempDataDictionary tempData, BulkOutcome outcome)
    {
        if (outcome.TrashedAt is not { } at) return;
        tempData[AtKey] = at.Ticks.ToString(CultureInfo.InvariantCulture);
        tempData[CountKey] = outcome.Changed;
    }

    public static (long Ticks, int Count)? Take(ITempDataDictionary tempData) =>
        tempData[AtKey] is string ticks && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t) && tempData[CountKey] is int count
            ? (t, count)
            : null;

    public static string Message(int count) =>
        count == 1 ? "Moved to the trash." : $"{count} images moved to the trash.";
}
