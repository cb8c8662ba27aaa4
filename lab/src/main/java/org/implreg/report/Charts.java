package org.implreg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Every figure's look and its rendering (PNG, SVG, PDF), shared by the reports, {@code implreg plot} and the
 * reproductions, so a chart built anywhere is fit for a paper:
 * <ul>
 *   <li>titles, axis titles and series names pass through {@link Labels#of} (never a raw key);</li>
 *   <li>a white plot with a light solid grid, a sans-serif type in four sizes, a colour-blind-aware palette;</li>
 *   <li>log axes labelled 10^k ({@link #decades}): the data are drawn as log₁₀ on a linear axis whose ticks are
 *       labelled 10ᵏ at integer k only; its range is the data's, widened where needed to hold two whole decades
 *       ({@link #axisRange}), so every log axis has at least two labelled ticks, also when the data span less than
 *       a decade (XChart's own log axis labels 1E-4 and has one labelled tick on a short span);</li>
 *   <li>the legend outside the plot and never clipped ({@link #layOut}): below it in one row when the row fits
 *       the width; else in a column on its right when the column is narrow (at most {@value #SIDE_LEGEND_PERCENT}%
 *       of the width) and fits the height; else in a column below it, the image grown in height so the plot keeps
 *       {@value #PLOT_SHARE_PERCENT}% of the height asked for, and in width when an entry is wider than the image.</li>
 * </ul>
 * {@link #render} does the last two on the finished chart, once (rendering again draws the same figure).
 */
public final class Charts {
    private Charts() {}

    /** The default size in points (one pixel a point at 72 dpi). */
    public static final int WIDTH = 760;
    /** The default size in points. */
    public static final int HEIGHT = 520;
    /** Widest legend column, in % of the width, placed on the right of the plot rather than below it. */
    static final int SIDE_LEGEND_PERCENT = 30;
    /** Padding of a log axis beyond data that do not end on a decade, as a fraction of its span (in decades). */
    static final double LOG_PAD = 0.03;
    /** Share of the asked height the plot keeps when a legend column below it grows the image. */
    static final int PLOT_SHARE_PERCENT = 60;
    /**
     * Room, in points, beside a legend below the plot: XChart centres it on the plot, which starts after the y
     * axis (its title and tick labels: at most about this wide) and ends a padding before the right edge.
     */
    static final int LEGEND_SIDE_ROOM = 130;
    /** Tableau 10: distinguishable in colour-blind vision and in grey print. */
    public static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};
    /** Line styles told apart in print: solid, dashed, dotted, dash-dot, long dash. */
    public static final List<BasicStroke> STYLES = List.of(stroke(1.6f), stroke(1.6f, 7f, 4f), stroke(1.6f, 1.5f, 3f),
        stroke(1.6f, 7f, 3f, 1.5f, 3f), stroke(1.6f, 14f, 5f));
    /** The dashed style of reference lines. */
    public static final BasicStroke REFERENCE = stroke(1.4f, 6f, 4f);
    private static final Color INK = new Color(0x222222);
    private static final Color GRID = new Color(0xE3E3E3);
    private static final String FONT = Font.SANS_SERIF;

    /** A line stroke of {@code width}; with {@code dash}, dashed (on/off lengths in points). */
    public static BasicStroke stroke(float width, float... dash) {
        return dash.length == 0 ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND) // XChart draws segment by segment: round caps bead
            : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    /** An empty {@value #WIDTH}×{@value #HEIGHT} chart in the house style, its title and axis titles labelled ({@link Labels#of}). */
    public static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(Labels.of(title)).xAxisTitle(Labels.of(x))
            .yAxisTitle(Labels.of(y)).build();
        style(c);
        return c;
    }

    /** The house style on any axes chart (XY or category): fonts, white plot, light solid grid, palette, legend below. */
    public static <C extends Chart<? extends AxesChartStyler, ?>> C style(C c) {
        AxesChartStyler s = c.getStyler();
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 14));
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 12));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 12));
        s.setChartFontColor(INK);
        s.setAxisTickLabelsColor(INK);
        s.setAxisTickMarksColor(INK);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x888888));
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(0.8f));
        s.setChartTitleBoxVisible(false);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setLegendBorderColor(new Color(0xCCCCCC));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendSeriesLineLength(30);
        s.setSeriesColors(PALETTE);
        s.setChartPadding(12);
        s.setMarkerSize(7);
        return c;
    }

    /** A solid line without markers, named {@code name} (through {@link Labels#of}). */
    public static XYSeries line(XYChart c, String name, double[] xs, double[] ys) {
        XYSeries s = c.addSeries(Labels.of(name), xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /**
     * Sampled values with their spread: a line with a marker at each sample and a whisker from {@code lo} to
     * {@code hi} (e.g. the smallest and largest over seeds; null for none; NaN entries have none).
     */
    public static XYSeries points(XYChart c, String name, double[] xs, double[] ys, double[] lo, double[] hi) {
        XYSeries s = c.addSeries(Labels.of(name), xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
        if (lo != null && hi != null) {
            whiskers(c, s, xs, lo, hi);
        }
        return s;
    }

    /** A dashed horizontal line at y from x0 to x1 (skipped when y is not finite, or not positive on a log axis). */
    public static void reference(XYChart c, String name, double x0, double x1, double y) {
        if (!Double.isFinite(y) || (c.getStyler().isYAxisLogarithmic() && !(y > 0))) {
            return;
        }
        XYSeries ref = c.addSeries(Labels.of(name), new double[] {x0, x1}, new double[] {y, y});
        ref.setMarker(SeriesMarkers.NONE);
        ref.setLineStyle(REFERENCE);
    }

    /** A legend entry without data: a line of {@code color} and {@code stroke} named {@code name}, drawn nowhere. */
    public static void legendEntry(XYChart c, String name, Color color, BasicStroke stroke, double x, double y) {
        XYSeries s = c.addSeries(name, new double[] {x}, new double[] {y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
    }

    /** The colour of a probability on the sequential scale of heat maps ({@link #SEQUENTIAL}); grey where p is NaN. */
    public static Color sequential(double p) {
        if (Double.isNaN(p)) {
            return NO_VALUE;
        }
        double t = Math.max(0, Math.min(1, p)) * (SEQUENTIAL.length - 1);
        int i = Math.min(SEQUENTIAL.length - 2, (int) Math.floor(t));
        double f = t - i;
        Color a = SEQUENTIAL[i];
        Color b = SEQUENTIAL[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())), (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
            (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** The stops of the sequential scale from 0 to 1 (ColorBrewer's YlGnBu: monotone in lightness, readable in grey). */
    public static final Color[] SEQUENTIAL = {new Color(0xFFFFD9), new Color(0xC7E9B4), new Color(0x41B6C4), new Color(0x225EA8),
        new Color(0x081D58)};
    /** The colour of a heat-map cell without a value. */
    public static final Color NO_VALUE = new Color(0xD9D9D9);

    /**
     * A heat-map cell: the rectangle [x0, x1] × [y0, y1] filled with {@code fill} and outlined in white, not in the
     * legend ({@code name} must be unique in the chart). Cells are drawn in the order added, under later series.
     */
    public static XYSeries cell(XYChart c, String name, double x0, double x1, double y0, double y1, Color fill) {
        XYSeries s = c.addSeries(name, new double[] {x0, x1, x1, x0, x0}, new double[] {y0, y0, y1, y1, y0});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(fill);
        s.setLineColor(Color.WHITE);
        s.setLineStyle(stroke(0.8f));
        s.setShowInLegend(false);
        return s;
    }

    /** A legend entry of a colour on a heat map's scale: a thick line of {@code color} named {@code name}, drawn as one point at (x, y) (a point inside the plot: no line). */
    public static void swatch(XYChart c, String name, Color color, double x, double y) {
        legendEntry(c, name, color, stroke(9f), x, y);
    }

    /** Vertical whiskers [lo_i, hi_i] at xs_i in the colour of {@code of} (set now if unset), not in the legend. */
    private static void whiskers(XYChart c, XYSeries of, double[] xs, double[] lo, double[] hi) {
        if (of.getLineColor() == null) {
            of.setLineColor(PALETTE[(c.getSeriesMap().size() - 1) % PALETTE.length]);
            of.setMarkerColor(of.getLineColor());
        }
        double[] wx = new double[3 * xs.length];
        double[] wy = new double[3 * xs.length];
        for (int i = 0; i < xs.length; i++) {
            boolean ok = Double.isFinite(lo[i]) && Double.isFinite(hi[i]);
            wx[3 * i] = wx[3 * i + 1] = wx[3 * i + 2] = xs[i];
            wy[3 * i] = ok ? lo[i] : Double.NaN;
            wy[3 * i + 1] = ok ? hi[i] : Double.NaN;
            wy[3 * i + 2] = Double.NaN; // breaks the line
        }
        String name = of.getName() + " (spread)";
        XYSeries w = c.addSeries(name, wx, wy);
        w.setMarker(SeriesMarkers.NONE);
        w.setLineColor(of.getLineColor());
        w.setLineStyle(stroke(1.2f));
        w.setShowInLegend(false);
    }

    /** The size a chart is rendered at, after {@link #layOut} (points). */
    public record Size(int width, int height) {}

    /** The chart as {@code format}'s bytes (PNG at its dpi, SVG or PDF), its log axes labelled 10^k and its legend inside. */
    public static byte[] render(Chart<?, ?> chart, FigureFormat format) {
        Size size = prepare(chart, format.width(), format.height());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (format.format()) {
                case "png" -> png(chart, size, format.dpi(), out);
                case "svg" -> vector(chart, size, VectorGraphicsEncoder.VectorGraphicsFormat.SVG, out);
                case "pdf" -> vector(chart, size, VectorGraphicsEncoder.VectorGraphicsFormat.PDF, out);
                default -> throw new IllegalArgumentException("unknown figure format " + format.format());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the figure as " + format.format() + " (" + e.getMessage() + ")", e);
        }
    }

    /** Log axes as decades ({@link #decades}), labels through {@link Labels#of}, then the legend laid out for {@code width}×{@code height}. */
    static Size prepare(Chart<?, ?> chart, int width, int height) {
        if (chart instanceof XYChart xy) {
            decades(xy);
            for (XYSeries s : xy.getSeriesMap().values()) {
                s.setLabel(Labels.of(s.getLabel()));
            }
        }
        chart.setTitle(Labels.of(chart.getTitle()));
        chart.setXAxisTitle(Labels.of(chart.getXAxisTitle()));
        chart.setYAxisTitle(Labels.of(chart.getYAxisTitle()));
        return layOut(chart, width, height);
    }

    private static void png(Chart<?, ?> chart, Size size, int dpi, ByteArrayOutputStream out) throws IOException {
        double scale = dpi / 72.0;
        BufferedImage img = new BufferedImage((int) Math.ceil(size.width() * scale), (int) Math.ceil(size.height() * scale),
            BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.scale(scale, scale);
        chart.paint(g, size.width(), size.height());
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
            IIOMetadataNode dim = new IIOMetadataNode("Dimension"); // the resolution (PNG's pHYs): millimetres a pixel
            for (String axis : new String[] {"HorizontalPixelSize", "VerticalPixelSize"}) {
                IIOMetadataNode n = new IIOMetadataNode(axis);
                n.setAttribute("value", Double.toString(25.4 / dpi));
                dim.appendChild(n);
            }
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_1.0");
            root.appendChild(dim);
            meta.mergeTree("javax_imageio_1.0", root);
            writer.setOutput(ios);
            writer.write(meta, new IIOImage(img, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    private static void vector(Chart<?, ?> chart, Size size, VectorGraphicsEncoder.VectorGraphicsFormat f, ByteArrayOutputStream out)
        throws IOException {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        chart.paint(g, size.width(), size.height()); // sets the chart's size, which the vector encoders read
        g.dispose();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, f);
    }

    /**
     * Tick labels of a log axis drawn as log₁₀: 10ᵏ at integer k, nothing elsewhere; the axis maximum, where it is
     * not a decade, gets a blank that differs from the empty label (XChart draws no ticks when its minimum and
     * maximum format alike; empty labels that repeat make it widen its step to whole decades).
     */
    static final class DecadeLabels implements Function<Double, String> {
        private final double max;

        DecadeLabels(double max) {
            this.max = max;
        }

        @Override
        public String apply(Double v) {
            long k = Math.round(v);
            return Math.abs(v - k) < DECADE_EPS ? power(k) : v == max ? " " : "";
        }
    }

    /** Distance to an integer within which log₁₀ of a value is a decade. */
    static final double DECADE_EPS = 1e-9;

    /** 10ᵏ with k in superscript digits (10⁰, 10¹, 10⁻⁴). */
    public static String power(long k) {
        String sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder b = new StringBuilder("10");
        if (k < 0) {
            b.append('⁻');
        }
        for (char ch : Long.toString(Math.abs(k)).toCharArray()) {
            b.append(sup.charAt(ch - '0'));
        }
        return b.toString();
    }

    /**
     * Turns the chart's log axes into linear axes of log₁₀ of the data, labelled 10ᵏ ({@link DecadeLabels}) over
     * {@link #axisRange}. Values a log axis cannot show (≤ 0, not finite) become gaps. Error bars on a log y axis
     * become whiskers from log₁₀(y − e) to log₁₀(y + e) (y − e ≤ 0: from y). Does nothing on a chart already
     * turned, or without a log axis.
     *
     * <p>Why: XChart 3.8 formats log ticks with a DecimalFormat (1E-4), and a tick formatter replaces its log tick
     * placement with a linear one; drawn as log₁₀ on a linear axis, XChart's linear ticks land on whole decades.
     */
    static void decades(XYChart c) {
        AxesChartStyler s = c.getStyler();
        boolean lx = s.isXAxisLogarithmic() && !(s.getxAxisTickLabelsFormattingFunction() instanceof DecadeLabels);
        boolean ly = s.isYAxisLogarithmic() && !(s.getyAxisTickLabelsFormattingFunction() instanceof DecadeLabels);
        if (!lx && !ly) {
            return;
        }
        List<XYSeries> all = new ArrayList<>(c.getSeriesMap().values());
        Color[] colors = s.getSeriesColors();
        for (int i = 0; i < all.size(); i++) { // fix the colours the cycler would give, before whiskers join the series
            XYSeries ser = all.get(i);
            if (ser.getLineColor() == null) {
                ser.setLineColor(colors[i % colors.length]);
            }
            if (ser.getMarkerColor() == null) {
                ser.setMarkerColor(ser.getLineColor());
            }
            if (ser.getFillColor() == null) {
                ser.setFillColor(ser.getLineColor());
            }
        }
        if (ly) {
            for (XYSeries ser : all) {
                double[] e = ser.getExtraValues();
                if (e == null) {
                    continue;
                }
                double[] y = ser.getYData();
                double[] lo = new double[y.length];
                double[] hi = new double[y.length];
                for (int i = 0; i < y.length; i++) {
                    lo[i] = y[i] - e[i] > 0 ? y[i] - e[i] : y[i];
                    hi[i] = y[i] + e[i];
                }
                c.updateXYSeries(ser.getName(), ser.getXData(), y, null);
                whiskers(c, ser, ser.getXData(), lo, hi);
            }
        }
        double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (XYSeries ser : new ArrayList<>(c.getSeriesMap().values())) {
            double[] x = ser.getXData().clone();
            double[] y = ser.getYData().clone();
            for (int i = 0; i < x.length; i++) {
                double px = lx ? log(x[i]) : x[i];
                double py = ly ? log(y[i]) : y[i];
                boolean ok = Double.isFinite(px) && Double.isFinite(py);
                x[i] = Double.isFinite(px) ? px : 0; // a gap: y NaN breaks the line
                y[i] = ok ? py : Double.NaN;
                if (ok) {
                    xr[0] = Math.min(xr[0], px);
                    xr[1] = Math.max(xr[1], px);
                    yr[0] = Math.min(yr[0], py);
                    yr[1] = Math.max(yr[1], py);
                }
            }
            c.updateXYSeries(ser.getName(), x, y, ser.getExtraValues());
        }
        if (lx) {
            double[] r = safe(axisRange(xr, s.getXAxisMin(), s.getXAxisMax()), c, false);
            s.setXAxisLogarithmic(false);
            s.setXAxisMin(r[0]);
            s.setXAxisMax(r[1]);
            s.setxAxisTickLabelsFormattingFunction(new DecadeLabels(r[1]));
        }
        if (ly) {
            double[] r = safe(axisRange(yr, s.getYAxisMin(), s.getYAxisMax()), c, true);
            s.setYAxisLogarithmic(false);
            s.setYAxisMin(r[0]);
            s.setYAxisMax(r[1]);
            s.setyAxisTickLabelsFormattingFunction(new DecadeLabels(r[1]));
        }
    }

    /**
     * {@code r}, or its ends rounded out to decades where XChart would place the ticks at the data values (its
     * axis values, the range's ends then the data, equally spaced: then it thins the data values until their
     * labels are unique, which only ends on whole decades when both ends are decades).
     */
    private static double[] safe(double[] r, XYChart c, boolean y) {
        java.util.LinkedHashSet<Double> v = new java.util.LinkedHashSet<>();
        v.add(r[0]);
        for (XYSeries ser : c.getSeriesMap().values()) {
            for (double d : y ? ser.getYData() : ser.getXData()) {
                v.add(d);
            }
        }
        v.add(r[1]);
        List<Double> list = new ArrayList<>(v);
        boolean equal = list.size() >= 2 && r[1] - r[0] >= 1e-4; // XChart's test (AxisTickCalculator_.areValuesEquallySpaced)
        for (int i = 1; equal && i < list.size(); i++) {
            equal = Math.abs(list.get(i) - list.get(i - 1) - (list.get(1) - list.get(0))) < 1e-4;
        }
        return equal ? new double[] {Math.floor(r[0] + DECADE_EPS), Math.ceil(r[1] - DECADE_EPS)} : r;
    }

    private static double log(double v) {
        return v > 0 && Double.isFinite(v) ? Math.log10(v) : Double.NaN;
    }

    /**
     * The range of a log axis, in log₁₀ units, from the data's [lo, hi] = {@code r} (or the axis bounds set, in data
     * units): widened to hold at least two decades k — with no decade inside, to [⌊lo⌋, ⌈hi⌉]; with one, k, by
     * the nearer of k − 1 and k + 1; constant data c at a decade, to [c − 1, c + 1] — then padded by
     * {@value #LOG_PAD} of its span at an end that is not a decade; [−1, 1] without data.
     */
    static double[] axisRange(double[] r, Double min, Double max) {
        double a = min != null && min > 0 ? Math.log10(min) : r[0];
        double b = max != null && max > 0 ? Math.log10(max) : r[1];
        if (!(a <= b)) {
            return new double[] {-1, 1};
        }
        double first = Math.ceil(a - DECADE_EPS);
        double last = Math.floor(b + DECADE_EPS);
        if (last < first) { // no decade inside
            a = Math.floor(a);
            b = Math.ceil(b);
        } else if (last == first) { // one: add the nearer neighbour (both for a constant at a decade)
            boolean constant = b - a < DECADE_EPS;
            boolean below = constant || a - (first - 1) <= (first + 1) - b;
            if (below) {
                a = first - 1;
            }
            if (constant || !below) {
                b = first + 1;
            }
        }
        double pad = LOG_PAD * (b - a);
        if (Math.abs(a - Math.rint(a)) > DECADE_EPS) {
            a -= pad;
        }
        if (Math.abs(b - Math.rint(b)) > DECADE_EPS) {
            b += pad;
        }
        return new double[] {a, b};
    }

    /**
     * Places the legend outside the plot so that it is drawn inside the image, and says the image's size: below the
     * plot in one row when the row fits in the width less {@value #LEGEND_SIDE_ROOM} points; else in a column on
     * the right when it is at most {@value #SIDE_LEGEND_PERCENT}% of the width and fits the height less
     * {@value #LEGEND_SIDE_ROOM}; else in a column below, the image grown in height so the plot keeps
     * {@value #PLOT_SHARE_PERCENT}% of {@code height}, and in width where the column is wider than the width less
     * {@value #LEGEND_SIDE_ROOM}. A title wider than the image is set in a smaller type (down to 10 points).
     * Sizes are XChart's own (its legend's text bounds, padding and line length).
     */
    static Size layOut(Chart<?, ?> chart, int width, int height) {
        Styler s = chart.getStyler();
        fitTitle(chart, width);
        List<Rectangle2D> entries = new ArrayList<>();
        for (Series ser : chart.getSeriesMap().values()) {
            if (ser.isShowInLegend() && ser.isEnabled()) {
                entries.add(textBounds(ser.getLabel(), s.getLegendFont()));
            }
        }
        if (!s.isLegendVisible() || entries.isEmpty() || !(s.getLegendPosition() == Styler.LegendPosition.OutsideS
            || s.getLegendPosition() == Styler.LegendPosition.OutsideE)) {
            return new Size(width, height);
        }
        int pad = s.getLegendPadding();
        int line = s.getLegendSeriesLineLength();
        double row = pad;
        double widest = 0;
        double column = pad;
        int marker = chart.getStyler() instanceof AxesChartStyler a ? a.getMarkerSize() : 0;
        for (Rectangle2D r : entries) {
            row += line + pad + r.getWidth() + pad;
            widest = Math.max(widest, r.getWidth());
            column += Math.max(r.getHeight(), marker) + pad;
        }
        double columnWidth = line + pad + widest + 2 * pad;
        if (row <= width - LEGEND_SIDE_ROOM) {
            s.setLegendPosition(Styler.LegendPosition.OutsideS);
            s.setLegendLayout(Styler.LegendLayout.Horizontal);
            return new Size(width, height);
        }
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        if (columnWidth <= width * SIDE_LEGEND_PERCENT / 100.0 && column <= height - LEGEND_SIDE_ROOM) {
            s.setLegendPosition(Styler.LegendPosition.OutsideE);
            return new Size(width, height);
        }
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        int w = (int) Math.max(width, Math.ceil(columnWidth + LEGEND_SIDE_ROOM));
        int h = (int) Math.max(height, Math.ceil(column + height * PLOT_SHARE_PERCENT / 100.0));
        return new Size(w, h);
    }

    private static void fitTitle(Chart<?, ?> chart, int width) {
        Styler s = chart.getStyler();
        String title = chart.getTitle();
        if (title == null || title.isEmpty()) {
            return;
        }
        Font f = s.getChartTitleFont();
        while (f.getSize2D() > 10 && textBounds(title, f).getWidth() > width - 2 * s.getChartPadding()) {
            f = f.deriveFont(f.getSize2D() - 1);
        }
        s.setChartTitleFont(f);
    }

    /** The bounds of {@code text} (lines split at \n, stacked) as XChart measures legend text. */
    static Rectangle2D textBounds(String text, Font font) {
        double w = 0;
        double h = 0;
        for (String l : text.split("\\n")) {
            Rectangle2D r = new TextLayout(l.isEmpty() ? " " : l, font, new FontRenderContext(null, true, false)).getOutline(null).getBounds2D();
            w = Math.max(w, r.getWidth());
            h += r.getHeight() + 3;
        }
        return new Rectangle2D.Double(0, 0, w, h - 3);
    }
}
