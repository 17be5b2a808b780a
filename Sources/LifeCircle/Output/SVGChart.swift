/// A small SVG line chart for reports: a plot frame over fixed x and y ranges, axes with ticks and
/// titles, polylines and vertical marker lines, drawn in pixel coordinates.
///
/// Output is deterministic (one decimal per coordinate, elements in the order added). Text is
/// escaped with ``HTML/escape(_:)``.
package struct SVGChart: Sendable {
    package let width: Double
    package let height: Double
    /// The data ranges shown; values outside are clamped to the frame.
    package let xRange: ClosedRange<Double>
    package let yRange: ClosedRange<Double>
    /// The plot frame in pixels (inside the margins that hold the ticks and titles).
    package let plotLeft = 58.0
    package let plotTop = 14.0
    package var plotWidth: Double { width - plotLeft - 16 }
    package var plotHeight: Double { height - plotTop - 46 }
    private var grid: [String] = []
    private var body: [String] = []

    /// A chart of `xRange` × `yRange` in `width` × `height` pixels.
    package init(width: Double = 440, height: Double = 300, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.width = width
        self.height = height
        self.xRange = xRange
        self.yRange = yRange
    }

    /// The pixel x of data x (clamped to the frame).
    package func px(_ x: Double) -> Double {
        let span = xRange.upperBound - xRange.lowerBound
        let t = span > 0 ? (x - xRange.lowerBound) / span : 0
        return plotLeft + min(max(t.isFinite ? t : 0, 0), 1) * plotWidth
    }

    /// The pixel y of data y (clamped to the frame; up is more).
    package func py(_ y: Double) -> Double {
        let span = yRange.upperBound - yRange.lowerBound
        let t = span > 0 ? (y - yRange.lowerBound) / span : 0
        return plotTop + (1 - min(max(t.isFinite ? t : 0, 0), 1)) * plotHeight
    }

    /// One decimal, trailing zero dropped.
    static func f(_ d: Double) -> String { GeoJSONWriter.number(d, 1) }

    /// The frame, grid lines and labelled ticks on both axes, and the axis titles.
    package mutating func addAxes(xTicks: [Double], xLabel: (Double) -> String, xTitle: String,
                                 yTicks: [Double], yLabel: (Double) -> String, yTitle: String) {
        let left = plotLeft, right = plotLeft + plotWidth, top = plotTop, bottom = plotTop + plotHeight
        var g = "<g class=\"axes\" font-size=\"11\" fill=\"#333\">"
        for t in yTicks {
            let y = Self.f(py(t))
            g += "<path stroke=\"#e3e3e3\" d=\"M\(Self.f(left)) \(y)H\(Self.f(right))\"/>"
            g += "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(py(t) + 4))\" text-anchor=\"end\">\(HTML.escape(yLabel(t)))</text>"
        }
        for t in xTicks {
            let x = Self.f(px(t))
            g += "<path stroke=\"#e3e3e3\" d=\"M\(x) \(Self.f(top))V\(Self.f(bottom))\"/>"
            g += "<text x=\"\(x)\" y=\"\(Self.f(bottom + 16))\" text-anchor=\"middle\">\(HTML.escape(xLabel(t)))</text>"
        }
        g += "<path fill=\"none\" stroke=\"#555\" d=\"M\(Self.f(left)) \(Self.f(top))V\(Self.f(bottom))H\(Self.f(right))\"/>"
        g += "<text x=\"\(Self.f(left + plotWidth / 2))\" y=\"\(Self.f(height - 6))\" text-anchor=\"middle\">\(HTML.escape(xTitle))</text>"
        let cy = top + plotHeight / 2
        g += "<text x=\"14\" y=\"\(Self.f(cy))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(Self.f(cy)))\">\(HTML.escape(yTitle))</text>"
        grid.append(g + "</g>")
    }

    /// A polyline through (xs[i], ys[i]) (the shorter array sets the count); non-finite points are skipped.
    package mutating func addLine(xs: [Double], ys: [Double], color: String, width: Double = 2, dash: String? = nil,
                                 cssClass: String? = nil, title: String? = nil) {
        let points = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }
            .map { Self.f(px($0.0)) + "," + Self.f(py($0.1)) }
        guard !points.isEmpty else { return }
        var e = "<polyline"
        if let cssClass { e += " class=\"\(HTML.escape(cssClass))\"" }
        e += " fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(Format.fixed(width, 1))\" stroke-linejoin=\"round\""
        if let dash { e += " stroke-dasharray=\"\(dash)\"" }
        e += " points=\"\(points.joined(separator: " "))\""
        body.append(title.map { e + "><title>\(HTML.escape($0))</title></polyline>" } ?? e + "/>")
    }

    /// A vertical line across the frame at data x, with an optional label (dark grey) at its top.
    package mutating func addVertical(x: Double, color: String, dash: String = "4 3", label: String? = nil) {
        let xp = Self.f(px(x))
        var e = "<path stroke=\"\(color)\" stroke-width=\"1.5\" stroke-dasharray=\"\(dash)\" d=\"M\(xp) \(Self.f(plotTop))V\(Self.f(plotTop + plotHeight))\"/>"
        if let label {
            e += "<text x=\"\(Self.f(px(x) + 3))\" y=\"\(Self.f(plotTop + 11))\" font-size=\"10\" fill=\"#333\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"2\">\(HTML.escape(label))</text>"
        }
        body.append(e)
    }

    /// The SVG element, with a title for accessibility.
    package func svg(title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
            + grid.joined() + body.joined() + "</svg>"
    }
}
