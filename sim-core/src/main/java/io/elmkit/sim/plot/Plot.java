package io.elmkit.sim.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * a ROC curve, a voltage trace or a spike raster.
 *
 * <pre>{@code
 * Plot.titled("Learning curve", "step", "loss").line("train", steps, losses).save(dir.resolve("curve"));
 * }</pre>
 * writes {@code curve.png} and {@code curve.svg}.
 */
public final class Plot {
    private static final int DEFAULT_WIDTH_PX = 900;
    private static final int DEFAULT_HEIGHT_PX = 500;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private int widthPx = DEFAULT_WIDTH_PX;
    private int heightPx = DEFAULT_HEIGHT_PX;
    private boolean logY;
    private Double yMin;
    private Double yMax;
    private Double xMin;
    private Double xMax;

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
        series.add(new Series(name, x, y, false, null));
        return this;
    }

    /** Adds a dashed line series, e.g. a chance level or a diagonal. */
    public Plot dashed(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y, false, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f)));
        return this;
    }

    /** Adds points without lines, e.g. spikes of a raster (x = time, y = channel). */
    public Plot scatter(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y, true, null));
        return this;
    }

    public Plot size(int widthPx, int heightPx) {
        this.widthPx = widthPx;
        this.heightPx = heightPx;
        return this;
    }

    public Plot logY() {
        this.logY = true;
        return this;
    }

    public Plot yRange(double min, double max) {
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    public Plot xRange(double min, double max) {
        this.xMin = min;
        this.xMax = max;
        return this;
    }

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
        Styler.LegendPosition legend = series.size() > 1 ? Styler.LegendPosition.InsideNE : null;
        chart.getStyler().setLegendVisible(legend != null);
        if (legend != null) {
            chart.getStyler().setLegendPosition(legend);
        }
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setMarkerSize(3);
        if (yMin != null) {
            chart.getStyler().setYAxisMin(yMin);
            chart.getStyler().setYAxisMax(yMax);
        }
        if (xMin != null) {
            chart.getStyler().setXAxisMin(xMin);
            chart.getStyler().setXAxisMax(xMax);
        }
        for (Series s : series) {
            XYSeries xy = chart.addSeries(s.name, s.x, s.y);
            if (s.points) {
                xy.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                xy.setMarker(SeriesMarkers.CIRCLE);
            } else {
                xy.setMarker(SeriesMarkers.NONE);
                if (s.stroke != null) {
                    xy.setLineStyle(s.stroke);
                }
            }
        }
        return chart;
    }

    private static final class Series {
        final String name;
        final double[] x;
        final double[] y;
        final boolean points;
        final BasicStroke stroke;

        Series(String name, double[] x, double[] y, boolean points, BasicStroke stroke) {
            if (x.length != y.length) {
                throw new IllegalArgumentException(
                    "series '" + name + "': x has " + x.length + " values but y has " + y.length);
            }
            if (x.length == 0) {
                throw new IllegalArgumentException("series '" + name + "' is empty");
            }
            this.name = name;
            this.x = x.clone();
            this.y = y.clone();
            this.points = points;
            this.stroke = stroke;
        }
    }
}
