using System.Globalization;

namespace ImageGallery.Web.Gallery;

public static class HumanSize
{
    private static readonly string[] Units = ["bytes", "KB", "MB", "GB", "TB"];

    // Binary multiples with the familiar labels, as file managers show them: 5323 -> "5.2 KB".
    public static string Format(long bytes)
    {
        if (bytes < 1024) return bytes == 1 ? "1 byte" : $"{bytes.ToString(CultureInfo.InvariantCulture)} bytes";
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        var format = value < 10 ? "0.#" : "0";
        return $"{value.ToString(format, CultureInfo.InvariantCulture)} {Units[unit]}";
    }
}
