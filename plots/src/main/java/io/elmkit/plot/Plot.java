package io.elmkit.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An x/y chart written as both PNG (to look at) and SVG (to put in a paper), e.g. a learning curve,
 * a ROC curve, a voltage trace or a spike raster. Every elmkit plot goes through this class, so the
 * tick policy and the styling live here once:
 * <ul>
 *   <li>ticks are multiples of a 1-2-5 step ({@link #tickStep}); an axis without an explicit range
 *       is widened to whole steps ({@link #niceRange}), labels show the step's decimals and no more;</li>
 *   <li>lines, dashed reference lines ({@link #vline}, {@link #hline}), marked points and spike
 *       rasters ({@link #raster}) share one palette, stroke widths and fonts;</li>
 *   <li>the legend sits outside the data (right) when there is more than one named series.</li>
 * </ul>
 *
 * <pre>{@code
 * Plot.titled("Learning curve", "step", "loss").line("train", steps, losses).save(dir.resolve("curve"));
 * }</pre>
 * writes {@code curve.png} and {@code curve.svg}.
 */
public final class Plot {
    private static final int DEFAULT_WIDTH_PX = 900;
    private static final int DEFAULT_HEIGHT_PX = 500;
    /** Wanted pixels between two ticks: about one tick per this many pixels of axis. */
    static final int X_PX_PER_TICK = 90;
    static final int Y_PX_PER_TICK = 55;

    /** The shared palette (colour-blind safe, Okabe-Ito order); series without a colour take the next. */
    public static final Color BLUE = new Color(0, 114, 178);
    public static final Color ORANGE = new Color(230, 159, 0);
    public static final Color GREEN = new Color(0, 158, 115);
    public static final Color RED = new Color(213, 94, 0);
    public static final Color PURPLE = new Color(204, 121, 167);
    public static final Color SKY = new Color(86, 180, 233);
    public static final Color BLACK = new Color(0, 0, 0);
    public static final Color GREY = new Color(170, 170, 170);
    private static final Color[] PALETTE = {BLUE, ORANGE, GREEN, RED, PURPLE, SKY, BLACK};

    private static final float LINE_PX = 1.6f;
    private static final float[] DASH = {6f, 4f};

    private enum Kind { LINE, DASHED, POINTS, VLINE, HLINE, RASTER }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private int widthPx = DEFAULT_WIDTH_PX;
    private int heightPx = DEFAULT_HEIGHT_PX;
    private boolean logY;
    private boolean integerX;
    private double[] yRange;
    private double[] xRange;

    private Plot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** A new empty chart with a title and axis labels (put units in the labels, e.g. "time (ms)"). */
    public static Plot titled(String title, String xLabel, String yLabel) {
        return new Plot(title, xLabel, yLabel);
    }

    /** Adds a line series; x and y must have equal, non-zero length. */
    public Plot line(String name, double[] x, double[] y) {
        series.add(new Series(name, Kind.LINE, x, y));
        return this;
    }

    /** Adds a dashed line series, e.g. a chance level or a diagonal. */
    public Plot dashed(String name, double[] x, double[] y) {
        series.add(new Series(name, Kind.DASHED, x, y));
        return this;
    }

    /** Adds points without lines, e.g. spikes of a raster (x = time, y = channel). */
    public Plot scatter(String name, double[] x, double[] y) {
        series.add(new Series(name, Kind.POINTS, x, y));
        return this;
    }

    /** A dashed vertical line across the whole y range at {@code x}, e.g. the best epoch. */
    public Plot vline(String name, double x) {
        series.add(new Series(name, Kind.VLINE, new double[] {x}, new double[] {Double.NaN}));
        return this;
    }

    /** A dashed horizontal line across the whole x range at {@code y}, e.g. a decision threshold. */
    public Plot hline(String name, double y) {
        series.add(new Series(name, Kind.HLINE, new double[] {Double.NaN}, new double[] {y}));
        return this;
    }

    /**
     * A raster row: one vertical tick from {@code yLow} to {@code yHigh} at each of {@code times},
     * e.g. the spikes of a neuron drawn in a band above (or below) a trace. Empty times are allowed
     * (the row is then only named in the legend).
     */
    public Plot raster(String name, double[] times, double yLow, double yHigh) {
        int n = times.length;
        double[] x = new double[Math.max(1, 3 * n)];
        double[] y = new double[x.length];
        // Each tick is (t, low) - (t, high) followed by a NaN gap so that ticks are not joined.
        for (int i = 0; i < n; i++) {
            x[3 * i] = times[i];
            x[3 * i + 1] = times[i];
            x[3 * i + 2] = times[i];
            y[3 * i] = yLow;
            y[3 * i + 1] = yHigh;
            y[3 * i + 2] = Double.NaN;
        }
        if (n == 0) {
            x[0] = Double.NaN;
            y[0] = Double.NaN;
        }
        series.add(new Series(name, Kind.RASTER, x, y));
        return this;
    }

    /** Colour of the series added last (default: the next colour of the shared palette). */
    public Plot color(Color color) {
        last().color = color;
        return this;
    }

    /** Line width in pixels of the series added last (default {@value #LINE_PX}). */
    public Plot widthPx(float px) {
        last().widthPx = px;
        return this;
    }

    /** Leaves the series added last out of the legend (e.g. the 17 grey "other class" curves after the first). */
    public Plot unlisted() {
        last().listed = false;
        return this;
    }

    public Plot size(int widthPx, int heightPx) {
        this.widthPx = widthPx;
        this.heightPx = heightPx;
        return this;
    }

    /** The x values are counts (epochs, classes): ticks only at whole numbers. */
    public Plot integerX() {
        this.integerX = true;
        return this;
    }

    public Plot logY() {
        this.logY = true;
        return this;
    }

    /** A fixed y range (use round values); without it the y range is the data's, widened to whole ticks. */
    public Plot yRange(double min, double max) {
        this.yRange = checkedRange("y", min, max);
        return this;
    }

    /** A fixed x range (use round values); without it the x range is the data's, widened to whole ticks. */
    public Plot xRange(double min, double max) {
        this.xRange = checkedRange("x", min, max);
        return this;
    }

    public String title() {
        return title;
    }

    public String xLabel() {
        return xLabel;
    }

    public String yLabel() {
        return yLabel;
    }

    /** Names of all series in the order added (including unlisted ones). */
    public List<String> seriesNames() {
        List<String> names = new ArrayList<>();
        for (Series s : series) {
            names.add(s.name);
        }
        return names;
    }

    /** Names shown in the legend. */
    public List<String> legendNames() {
        List<String> names = new ArrayList<>();
        for (Series s : series) {
            if (s.listed) {
                names.add(s.name);
            }
        }
        return names;
    }

    /** The x axis range as drawn: the fixed range, or the data's widened to whole ticks. */
    public double[] xAxisRange() {
        if (xRange != null) {
            return xRange.clone();
        }
        double[] data = dataRange(true);
        if (integerX && data[1] - data[0] < 2 && Double.isFinite(data[0])) {
            // One or two epochs: half an epoch either side, so the whole-number ticks sit inside.
            return new double[] {data[0] - 0.5, data[1] + 0.5};
        }
        return niceRange(data, maxTicks(widthPx, X_PX_PER_TICK));
    }

    /** The y axis range as drawn (for a log axis: the data's range). */
    public double[] yAxisRange() {
        if (yRange != null) {
            return yRange.clone();
        }
        double[] data = dataRange(false);
        return logY ? data : niceRange(data, maxTicks(heightPx, Y_PX_PER_TICK));
    }

    /** The x tick values this plot draws (multiples of a 1-2-5 step inside the x range). */
    public double[] xTicks() {
        double[] r = xAxisRange();
        double[] t = ticks(r[0], r[1], maxTicks(widthPx, X_PX_PER_TICK));
        return integerX ? java.util.Arrays.stream(t).filter(v -> v == Math.rint(v)).toArray() : t;
    }

    /** The y tick values this plot draws on a linear axis. */
    public double[] yTicks() {
        double[] r = yAxisRange();
        return ticks(r[0], r[1], maxTicks(heightPx, Y_PX_PER_TICK));
    }

    // ---- the tick policy -------------------------------------------------------------------------

    /**
     * The smallest step of the form {1, 2, 5} x 10^k that divides {@code span} into at most
     * {@code maxTicks} intervals; 1 for an empty or non-finite span.
     */
    public static double tickStep(double span, int maxTicks) {
        if (!(span > 0) || Double.isInfinite(span)) {
            return 1.0;
        }
        double raw = span / Math.max(1, maxTicks);
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            double step = roundToDecimals(m * decade);
            if (step >= raw * (1 - 1e-12)) {
                return step;
            }
        }
        return roundToDecimals(10 * decade);
    }

    /**
     * Tick values: every multiple of {@link #tickStep}(max - min, maxTicks) in [min, max], each
     * rounded to the step's decimals (so 0.1 + 0.2 prints as 0.3).
     */
    public static double[] ticks(double min, double max, int maxTicks) {
        double step = tickStep(max - min, maxTicks);
        long first = (long) Math.ceil(min / step - 1e-9);
        long last = (long) Math.floor(max / step + 1e-9);
        if (last < first) {
            return new double[0];
        }
        double[] t = new double[(int) Math.min(1000, last - first + 1)];
        int d = decimals(step);
        for (int i = 0; i < t.length; i++) {
            t[i] = BigDecimal.valueOf((first + i) * step).setScale(d, java.math.RoundingMode.HALF_EVEN).doubleValue();
        }
        return t;
    }

    /**
     * [lo, hi] widened to whole ticks: lo down and hi up to multiples of the tick step; a flat range
     * (all values equal) is widened around its value so that it still shows round ticks.
     */
    public static double[] niceRange(double[] loHi, int maxTicks) {
        double lo = loHi[0];
        double hi = loHi[1];
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new double[] {0, 1};
        }
        if (hi - lo <= Math.abs(hi) * 1e-9) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = tickStep(hi - lo, maxTicks);
        double niceLo = Math.floor(lo / step + 1e-9) * step;
        double niceHi = Math.ceil(hi / step - 1e-9) * step;
        // Widening may add an interval or two; take the step for the widened span once more.
        step = tickStep(niceHi - niceLo, maxTicks);
        niceLo = Math.floor(lo / step + 1e-9) * step;
        niceHi = Math.ceil(hi / step - 1e-9) * step;
        int d = decimals(step);
        return new double[] {roundTo(niceLo, d), roundTo(niceHi, d)};
    }

    /** Decimals needed to print multiples of {@code step} exactly (0 for steps >= 1). */
    public static int decimals(double step) {
        return Math.max(0, BigDecimal.valueOf(step).stripTrailingZeros().scale());
    }

    /** A tick label: {@code value} with the decimals of {@code step} (no exponent, no float noise). */
    public static String tickLabel(double value, double step) {
        return BigDecimal.valueOf(value).setScale(decimals(step), java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** {@code v} with at most {@code digits} significant digits, no trailing zeros, no exponent (legend labels). */
    public static String significant(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    private static double roundToDecimals(double v) {
        return new BigDecimal(v).round(new java.math.MathContext(12)).stripTrailingZeros().doubleValue();
    }

    private static double roundTo(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }

    private static int maxTicks(int axisPx, int pxPerTick) {
        return Math.max(2, (int) (axisPx * 0.75) / pxPerTick);
    }

    private static double[] checkedRange(String axis, double min, double max) {
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException(axis + " range must be finite with min < max, got " + min + ".." + max);
        }
        return new double[] {min, max};
    }

    /** Min and max over the finite data of all series along x (or y); reference lines count on their axis. */
    private double[] dataRange(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] v = x ? s.x : s.y;
            for (double d : v) {
                if (Double.isFinite(d) && !(logY && !x && d <= 0)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
        }
        return new double[] {lo, hi};
    }

    // ---- drawing ---------------------------------------------------------------------------------

    /**
     * Writes {@code base.png} and {@code base.svg} ({@code base} is a path without extension) and
     * returns the PNG path. Parent directories are created.
     */
    public Path save(Path base) {
        if (series.isEmpty()) {
            throw new IllegalStateException("plot '" + title + "' has no series to draw");
        }
        XYChart chart = build();
        try {
            Path parent = base.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            String stem = base.toString();
            BitmapEncoder.saveBitmap(chart, stem, BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, stem, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return Path.of(stem + ".png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot '" + title + "' to " + base + ".png/.svg", e);
        }
    }

    private XYChart build() {
        XYChart chart = new XYChartBuilder().width(widthPx).height(heightPx).title(title)
            .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Styler.LegendPosition legend = legendNames().size() > 1 ? Styler.LegendPosition.OutsideE : null;
        var styler = chart.getStyler();
        styler.setLegendVisible(legend != null);
        if (legend != null) {
            styler.setLegendPosition(legend);
        }
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.DARK_GRAY);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setPlotGridLinesVisible(true);
        styler.setPlotContentSize(0.97);
        // A long title shrinks (about 0.62 em per character) rather than being cut at the edges.
        int titlePt = (int) Math.max(10, Math.min(15, widthPx / (0.62 * Math.max(1, title.length()))));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, titlePt));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setChartTitleBoxVisible(false);
        styler.setYAxisLogarithmic(logY);
        // Marked points are few and large; a scatter raster of thousands of spikes needs small dots.
        int scatterPoints = 0;
        for (Series s : series) {
            scatterPoints = Math.max(scatterPoints, s.kind == Kind.POINTS ? s.x.length : 0);
        }
        styler.setMarkerSize(scatterPoints > 200 ? 3 : 8);
        styler.setXAxisTickMarkSpacingHint(X_PX_PER_TICK);
        styler.setYAxisTickMarkSpacingHint(Y_PX_PER_TICK);

        double[] xr = xAxisRange();
        double[] yr = yAxisRange();
        styler.setXAxisMin(xr[0]);
        styler.setXAxisMax(xr[1]);
        styler.setYAxisMin(yr[0]);
        styler.setYAxisMax(yr[1]);
        // With the step's decimals (none for integer x), XChart's finer steps would print repeated
        // labels, which makes it fall back to a coarser 1-2-5 step.
        styler.setXAxisDecimalPattern(integerX ? "0" : pattern(tickStep(xr[1] - xr[0], maxTicks(widthPx, X_PX_PER_TICK))));
        if (!logY) {
            styler.setYAxisDecimalPattern(pattern(tickStep(yr[1] - yr[0], maxTicks(heightPx, Y_PX_PER_TICK))));
        }

        int colourIndex = 0;
        for (Series s : series) {
            double[] x = s.x;
            double[] y = s.y;
            if (s.kind == Kind.VLINE) {
                x = new double[] {s.x[0], s.x[0]};
                y = new double[] {yr[0], yr[1]};
            } else if (s.kind == Kind.HLINE) {
                x = new double[] {xr[0], xr[1]};
                y = new double[] {s.y[0], s.y[0]};
            }
            XYSeries xy = chart.addSeries(s.name, x, y);
            Color c = s.color != null ? s.color : PALETTE[colourIndex++ % PALETTE.length];
            xy.setLineColor(c);
            xy.setMarkerColor(c);
            xy.setShowInLegend(s.listed);
            float w = s.widthPx != null ? s.widthPx : LINE_PX;
            switch (s.kind) {
                case POINTS -> {
                    xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    xy.setMarker(SeriesMarkers.CIRCLE);
                }
                case DASHED, VLINE, HLINE -> {
                    xy.setMarker(SeriesMarkers.NONE);
                    xy.setLineStyle(new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASH, 0f));
                }
                default -> {
                    // A line through one point draws nothing: show the point itself.
                    xy.setMarker(finiteCount(s.y) == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                    xy.setLineStyle(new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
                }
            }
        }
        addTickFrame(chart, xr, yr);
        return chart;
    }

    /**
     * XChart puts x ticks on the data points themselves when the x values are equally spaced (so a
     * curve over epochs 1..7 or over steps 10, 20, ... got ticks at 10/110/210 ms). An invisible
     * series through the axis corners plus one point off that grid makes it use its 1-2-5 step.
     */
    private static void addTickFrame(XYChart chart, double[] xr, double[] yr) {
        double offGrid = xr[0] + (xr[1] - xr[0]) * 0.3819660112501051;
        XYSeries frame = chart.addSeries(" ", new double[] {xr[0], offGrid, xr[1]}, new double[] {yr[0], yr[0], yr[0]});
        frame.setMarker(SeriesMarkers.NONE);
        frame.setLineColor(new Color(0, 0, 0, 0));
        frame.setShowInLegend(false);
    }

    private static int finiteCount(double[] v) {
        int n = 0;
        for (double d : v) {
            n += Double.isFinite(d) ? 1 : 0;
        }
        return n;
    }

    private static String pattern(double step) {
        int d = decimals(step);
        return d == 0 ? "0" : "0." + "0".repeat(d);
    }

    private Series last() {
        if (series.isEmpty()) {
            throw new IllegalStateException("plot '" + title + "': add a series before styling it");
        }
        return series.get(series.size() - 1);
    }

    private static final class Series {
        final String name;
        final Kind kind;
        final double[] x;
        final double[] y;
        Color color;
        Float widthPx;
        boolean listed = true;

        Series(String name, Kind kind, double[] x, double[] y) {
            if (x.length != y.length) {
                throw new IllegalArgumentException(
                    "series '" + name + "': x has " + x.length + " values but y has " + y.length);
            }
            if (x.length == 0) {
                throw new IllegalArgumentException("series '" + name + "' is empty");
            }
            this.name = name;
            this.kind = kind;
            this.x = x.clone();
            this.y = y.clone();
        }
    }
}
