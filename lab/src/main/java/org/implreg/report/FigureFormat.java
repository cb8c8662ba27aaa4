package org.implreg.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.implreg.InvalidInputException;
import org.implreg.MemoryBudget;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * How a figure is written: {@code format} (png, svg or pdf), its size in points ({@code width}×{@code height},
 * one point 1/72 inch) and, for PNG, its resolution: a PNG has width·dpi/72 × height·dpi/72 pixels (the type and
 * lines scale with it) and says its dpi. The legend may grow the size ({@link Charts#layOut}). Validated here, so
 * the command line only declares its options.
 *
 * @param format png | svg | pdf
 * @param width  points, {@value #MIN_SIZE} … {@value #MAX_SIZE}
 * @param height points, {@value #MIN_SIZE} … {@value #MAX_SIZE}
 * @param dpi    dots per inch of a PNG, {@value #MIN_DPI} … {@value #MAX_DPI} (72: a pixel a point)
 */
public record FigureFormat(String format, int width, int height, int dpi) {
    /** The formats, by file extension. */
    public static final List<String> FORMATS = List.of("png", "svg", "pdf");
    /** Smallest side in points (room for the axes, title and a plot). */
    public static final int MIN_SIZE = 200;
    /** Largest side in points. */
    public static final int MAX_SIZE = 20000;
    /** Resolution bounds of a PNG. */
    public static final int MIN_DPI = 36;
    /** Resolution bounds of a PNG. */
    public static final int MAX_DPI = 1200;

    public FigureFormat {
        InvalidInputException.require(FORMATS.contains(format), "--format: expected one of " + String.join(", ", FORMATS) + ", got " + format);
        InvalidInputException.require(width >= MIN_SIZE && width <= MAX_SIZE, "--width: expected " + MIN_SIZE + " to " + MAX_SIZE
            + " points, got " + width);
        InvalidInputException.require(height >= MIN_SIZE && height <= MAX_SIZE, "--height: expected " + MIN_SIZE + " to " + MAX_SIZE
            + " points, got " + height);
        InvalidInputException.require(dpi >= MIN_DPI && dpi <= MAX_DPI, "--dpi: expected " + MIN_DPI + " to " + MAX_DPI + ", got " + dpi);
    }

    /**
     * The format of a figure file {@code out} (named by {@code option}): {@code format} where given, else its
     * extension; the extension must be the format's. Width, height and dpi default to {@value Charts#WIDTH}, {@value Charts#HEIGHT} and 72; a dpi is
     * for PNG only, and a PNG's pixels must fit the memory budget.
     */
    public static FigureFormat of(Path out, String option, String format, Integer width, Integer height, Integer dpi) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        String f = format != null ? format.toLowerCase(Locale.ROOT) : ext;
        InvalidInputException.require(format == null || FORMATS.contains(f), "--format: expected one of " + String.join(", ", FORMATS)
            + ", got " + format);
        InvalidInputException.require(FORMATS.contains(ext) && ext.equals(f), option + " " + out + ": expected a "
            + (format == null ? ".png, .svg or .pdf" : "." + f) + " file");
        InvalidInputException.require(dpi == null || f.equals("png"), "--dpi: only a PNG has a resolution (" + f + " is a vector format)");
        FigureFormat ff = new FigureFormat(f, width == null ? Charts.WIDTH : width, height == null ? Charts.HEIGHT : height,
            dpi == null ? 72 : dpi);
        if (f.equals("png")) {
            long side = (long) Math.ceil(Math.max(ff.width, ff.height) * (double) ff.dpi / 72);
            MemoryBudget.require(MemoryBudget.product(side, side, 4), "the image (" + side + "×" + side + " pixels at most)", option + " " + out);
        }
        return ff;
    }

    /** {@code format} at the size the chart was built with (as the reports write their figures), 72 dpi. */
    public static FigureFormat of(String format, Chart<?, ?> chart) {
        return new FigureFormat(format, chart.getWidth(), chart.getHeight(), 72);
    }

    /** The chart in this format. */
    public byte[] render(Chart<?, ?> chart) {
        return Charts.render(chart, this);
    }
}
